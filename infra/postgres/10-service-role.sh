#!/bin/sh
# docker-compose: the services connect as tsunagu_app, which owns the tsunagu database
# and nothing else (not a superuser: rule database-not-superuser). Runs once, on an
# empty data volume (the postgres image's /docker-entrypoint-initdb.d).
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v app_password="$TSUNAGU_DB_PASSWORD" <<'SQL'
CREATE ROLE tsunagu_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'app_password';
ALTER DATABASE tsunagu OWNER TO tsunagu_app;
SQL
