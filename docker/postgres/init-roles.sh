#!/bin/sh
# First boot of the compose stack's PostgreSQL: the service roles, each owning only its schema (roles.sql).
# The entrypoint runs it with POSTGRES_USER and POSTGRES_DB set; the connection itself comes from libpq's
# environment (the entrypoint's socket, or PGHOST/PGPORT/PGPASSWORD when local-stack's DatabaseRolesIT runs it).
# LEADLINE_ROLES_SQL names the script elsewhere than in the image (the test runs the repository's copy).
set -eu
psql -v ON_ERROR_STOP=1 --no-psqlrc --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v identity_password="$IDENTITY_DB_PASSWORD" \
  -v conversation_password="$CONVERSATION_DB_PASSWORD" \
  -v ai_password="$AI_DB_PASSWORD" \
  -v outbound_password="$OUTBOUND_DB_PASSWORD" \
  -f "${LEADLINE_ROLES_SQL:-/docker-entrypoint-initdb.d/roles.sql.in}"
