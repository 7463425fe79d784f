#!/bin/sh
# First boot of the compose stack's PostgreSQL: the service roles, each owning only its schema (roles.sql).
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v identity_password="$IDENTITY_DB_PASSWORD" \
  -v conversation_password="$CONVERSATION_DB_PASSWORD" \
  -v ai_password="$AI_DB_PASSWORD" \
  -v outbound_password="$OUTBOUND_DB_PASSWORD" \
  -f /docker-entrypoint-initdb.d/roles.sql.in
