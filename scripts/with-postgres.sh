#!/usr/bin/env bash
# Runs a command beside a throwaway PostgreSQL server on 127.0.0.1 and a free port, with
# STRATA_TEST_PG set to its admin URL; stops the server (by its PID) and removes it afterwards.
# Usage: scripts/with-postgres.sh COMMAND [ARGS...]
set -euo pipefail

bin_dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [[ -z "$bin_dir" || ! -x "$bin_dir/initdb" ]]; then
  echo "with-postgres: PostgreSQL server binaries not found; run scripts/setup.sh" >&2
  exit 1
fi

work=$(mktemp -d /tmp/strata-pg.XXXXXX)
data="$work/data"
sockets="$work/sockets"
log="$work/server.log"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

# initdb and pg_ctl refuse to run as root: run them as the postgres system user then.
as_owner=()
if [[ $(id -u) -eq 0 ]]; then
  as_owner=(runuser -u postgres --)
  chown postgres "$work"
fi
"${as_owner[@]}" mkdir -p "$data" "$sockets"
"${as_owner[@]}" touch "$log"

cleanup() {
  local status=$?
  if [[ -f "$data/postmaster.pid" ]]; then
    "${as_owner[@]}" "$bin_dir/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || {
      kill -9 "$(head -n 1 "$data/postmaster.pid")" 2>/dev/null || true
    }
  fi
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT INT TERM

"${as_owner[@]}" "$bin_dir/initdb" -D "$data" -U strata --auth=trust --encoding=UTF8 \
  --locale=C.UTF-8 >"$work/initdb.log" 2>&1 || { cat "$work/initdb.log" >&2; exit 1; }
# Throwaway data: durability off for speed; loopback only.
"${as_owner[@]}" "$bin_dir/pg_ctl" -D "$data" -l "$log" -w -t 30 start -o \
  "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$sockets \
   -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
  >/dev/null || { cat "$log" >&2; exit 1; }

export STRATA_TEST_PG="postgresql://strata@127.0.0.1:$port/postgres"
"$@"
