#!/usr/bin/env bash
# Start a throwaway PostgreSQL server on loopback for the test suite and print the line to
# export: PERM_TEST_PG_URL=... (the tests run every store and CLI test against it too).
# Usage: eval "$(.ci/postgres.sh)"
set -euo pipefail
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$PGBIN" ]; then
    echo "echo 'postgres.sh: no PostgreSQL binaries found' >&2"
    exit 0
fi
PORT=${PERM_TEST_PG_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
DATA=$(mktemp -d /tmp/perm-pg.XXXXXX)
as_owner() {
    if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi
}
if [ "$(id -u)" = 0 ]; then chown postgres "$DATA"; fi
as_owner "$PGBIN/initdb -D $DATA -A trust -U perm -E UTF8 >/dev/null"
as_owner "$PGBIN/pg_ctl -D $DATA -l $DATA/server.log -w -o \"-p $PORT -k $DATA -c listen_addresses=127.0.0.1 -c fsync=off\" start >/dev/null"
echo "export PERM_TEST_PG_URL=postgresql+psycopg://perm@127.0.0.1:$PORT/postgres"
