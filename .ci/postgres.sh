#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests, on 127.0.0.1 and a free port, in a temporary folder.
#
#   eval "$(.ci/postgres.sh)"          # installs (Debian packages) if missing, starts, creates a database,
#                                      # prints: export FACTIONGRAPH_TEST_PG=postgresql://... and
#                                      #         export FACTIONGRAPH_TEST_PG_DIR=/tmp/...
#   source .ci/postgres.sh             # the same, exporting the two variables into the calling shell
#   .ci/postgres.sh stop               # stops the server of $FACTIONGRAPH_TEST_PG_DIR and removes its folder
#
# Progress goes to stderr; only the export lines go to stdout. Runs the server as the `postgres` user
# when started as root (PostgreSQL refuses to run as root), as the current user otherwise.

log() { echo "postgres.sh: $*" >&2; }

pg_bin() {
    ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1
}

as_owner() {  # run a command as the user that owns the cluster
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

pg_stop() {
    local dir="${FACTIONGRAPH_TEST_PG_DIR:?set FACTIONGRAPH_TEST_PG_DIR (printed by .ci/postgres.sh)}"
    as_owner "$(pg_bin)/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || true
    rm -rf "$dir"
}

pg_start() {  # prints the export lines
local port dir bin
if [ -z "$(pg_bin)" ] || [ ! -x "$(pg_bin)/initdb" ]; then
    log "PostgreSQL is missing: installing it from Debian's packages"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update >&2
    apt-get install -y --no-install-recommends postgresql >&2
fi
bin="$(pg_bin)"
[ -x "$bin/initdb" ] || { log "no initdb under /usr/lib/postgresql/*/bin after installing"; exit 1; }

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
dir="$(mktemp -d "${TMPDIR:-/tmp}/factiongraph-pg.XXXXXX")"
chmod 755 "$dir"
[ "$(id -u)" = 0 ] && chown postgres "$dir"

log "initdb in $dir/data ($("$bin/postgres" --version))"
as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
log "starting on 127.0.0.1:$port"
as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c full_page_writes=off" start >&2 \
    || { cat "$dir/server.log" >&2; exit 1; }
as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres factiongraph_test

echo "export FACTIONGRAPH_TEST_PG=postgresql://postgres@127.0.0.1:$port/factiongraph_test"
echo "export FACTIONGRAPH_TEST_PG_DIR=$dir"
}

if [ "${BASH_SOURCE[0]}" != "$0" ]; then  # sourced: export into the caller's shell
    _fg_pg_exports="$(set -euo pipefail; pg_start)" || return 1
    eval "$_fg_pg_exports"
    unset _fg_pg_exports
elif [ "${1:-}" = "stop" ]; then
    set -euo pipefail
    pg_stop
else
    set -euo pipefail
    pg_start
fi
