#!/usr/bin/env bash
# Why this exists: the test suite must also pass on PostgreSQL, and CI runs as root with no
# systemd. This starts a private, throwaway cluster (initdb into /tmp, owned by postgres, trust
# auth, listening on 127.0.0.1 only) and tears it down again.
#   DATABASE_URL=$(.ci/postgres.sh start)   # stdout: postgres://amparo:amparo@127.0.0.1:<port>/amparo
#   .ci/postgres.sh stop                    # safe when nothing is running
# Port: $PGPORT, default 54329. Everything except the URL goes to stderr.
set -euo pipefail

PORT="${PGPORT:-54329}"
DIR="/tmp/amparo-pg-$PORT"
BIN="$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n1)"
[ -x "$BIN/pg_ctl" ] || { echo "postgres.sh: no PostgreSQL under /usr/lib/postgresql" >&2; exit 1; }

# initdb/postgres refuse to run as root: run them as the postgres user (from / so it can cd).
as_pg() {
  if [ "$(id -u)" = 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

stop() {
  if [ -f "$DIR/data/postmaster.pid" ]; then
    as_pg "$BIN/pg_ctl" -D "$DIR/data" -m fast -w -t 30 stop ||
      as_pg "$BIN/pg_ctl" -D "$DIR/data" -m immediate -w stop || true
  fi
  rm -rf "$DIR"
}

start() {
  stop # clean up whatever a previous run left in $DIR
  if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
    echo "postgres.sh: port $PORT is already in use (set PGPORT)" >&2
    exit 1
  fi
  mkdir -m 700 "$DIR"
  [ "$(id -u)" != 0 ] || chown postgres:postgres "$DIR"
  as_pg "$BIN/initdb" -D "$DIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
  # Throwaway data: durability settings off for speed.
  if ! as_pg "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/log" -w -t 60 start -o \
    "-h 127.0.0.1 -p $PORT -k $DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off"; then
    tail -n 30 "$DIR/log"
    exit 1
  fi
  for _ in $(seq 30); do
    "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT" && break
    sleep 1
  done
  "$BIN/pg_isready" -h 127.0.0.1 -p "$PORT"
  # CREATEDB: Django's test runner creates and drops test_<name> databases. CREATEROLE: the
  # read-only test makes a SELECT-only role inside its transaction (tests/api/test_read_only.py).
  as_pg "$BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$DIR" -p "$PORT" -U postgres -d postgres \
    -c "CREATE ROLE amparo LOGIN PASSWORD 'amparo' CREATEDB CREATEROLE" \
    -c "CREATE DATABASE amparo OWNER amparo"
}

case "${1:-}" in
  start)
    start >&2 # not in an && list: that would switch off set -e inside the function
    echo "postgres://amparo:amparo@127.0.0.1:$PORT/amparo"
    ;;
  stop) stop >&2 ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
