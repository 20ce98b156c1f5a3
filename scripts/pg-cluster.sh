#!/usr/bin/env bash
# A private PostgreSQL cluster from Debian's packages (apt-get install -y postgresql), for tests,
# benches and trying the scale-out setup on one machine. No Docker, no system service: the data
# lives outside the project (default /tmp/lamplighter-pg) and the server listens on loopback only.
#
#   scripts/pg-cluster.sh start   # initdb if needed, start, create the database; prints DATABASE_URL
#   scripts/pg-cluster.sh stop
#   scripts/pg-cluster.sh url     # prints DATABASE_URL
#
# PG_PORT (default 55432), PG_DATA (default /tmp/lamplighter-pg), PG_DB (default lamplighter).
set -euo pipefail
PORT="${PG_PORT:-55432}"
DATA="${PG_DATA:-/tmp/lamplighter-pg}"
DB="${PG_DB:-lamplighter}"
USER_NAME=lamplighter
PASSWORD=lamplighter
url() { echo "postgresql://${USER_NAME}:${PASSWORD}@127.0.0.1:${PORT}/${DB}"; }

BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
if [ -z "$BIN" ]; then
  echo "PostgreSQL server binaries not found: apt-get install -y postgresql" >&2
  exit 1
fi

# The server refuses to run as root; as root, run it as Debian's postgres user.
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-start}" in
  start)
    if [ ! -f "$DATA/PG_VERSION" ]; then
      mkdir -p "$DATA"
      [ "$(id -u)" = 0 ] && chown postgres:postgres "$DATA"
      as_owner "$BIN/initdb" -D "$DATA" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
      # Many workers and web instances each hold a pool: allow more than the default 100.
      cat >>"$DATA/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $PORT
max_connections = 300
unix_socket_directories = '$DATA'
fsync = on
EOF
    fi
    if ! as_owner "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
      as_owner "$BIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w -t 60 start >/dev/null
    fi
    psql_() { as_owner psql -h 127.0.0.1 -p "$PORT" -U postgres -v ON_ERROR_STOP=1 -qtA "$@"; }
    if [ -z "$(psql_ -d postgres -c "select 1 from pg_roles where rolname='${USER_NAME}'")" ]; then
      psql_ -d postgres -c "create role ${USER_NAME} login createdb password '${PASSWORD}'"
    fi
    if [ -z "$(psql_ -d postgres -c "select 1 from pg_database where datname='${DB}'")" ]; then
      psql_ -d postgres -c "create database ${DB} owner ${USER_NAME}"
    fi
    url
    ;;
  stop)
    as_owner "$BIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null 2>&1 || true
    ;;
  url)
    url
    ;;
  *)
    echo "usage: $0 start|stop|url" >&2
    exit 2
    ;;
esac
