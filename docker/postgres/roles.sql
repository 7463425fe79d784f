-- One login role per stateful service. Each owns its own schema and nothing else: it can migrate, read and
-- write there, and cannot even look into another service's schema. Run by psql with the passwords as variables:
--   psql -v ON_ERROR_STOP=1 -v identity_password=… -v conversation_password=… -v ai_password=… \
--        -v outbound_password=… -d leadline -f roles.sql
-- (docker/postgres/init-roles.sh does this in the compose stack). :"DBNAME" is psql's own variable, set to the
-- database it is connected to; no -v passes it. Running it twice fails on the existing roles: it is a first-boot
-- script, not a migration.

REVOKE ALL ON DATABASE :"DBNAME" FROM PUBLIC;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;

CREATE ROLE identity_service LOGIN PASSWORD :'identity_password';
CREATE SCHEMA identity AUTHORIZATION identity_service;
GRANT CONNECT ON DATABASE :"DBNAME" TO identity_service;

CREATE ROLE conversation_service LOGIN PASSWORD :'conversation_password';
CREATE SCHEMA conversation AUTHORIZATION conversation_service;
GRANT CONNECT ON DATABASE :"DBNAME" TO conversation_service;

CREATE ROLE ai_orchestrator LOGIN PASSWORD :'ai_password';
CREATE SCHEMA ai AUTHORIZATION ai_orchestrator;
GRANT CONNECT ON DATABASE :"DBNAME" TO ai_orchestrator;

CREATE ROLE outbound_service LOGIN PASSWORD :'outbound_password';
CREATE SCHEMA outbound AUTHORIZATION outbound_service;
GRANT CONNECT ON DATABASE :"DBNAME" TO outbound_service;
