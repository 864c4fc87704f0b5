#!/usr/bin/env bash
# Runs Debian's sqlmap (level 5, risk 3) against every parameter of every operation in
# docs/openapi.yaml, signed in as an owner, an admin, a manager, a member and a viewer, and as an
# unauthenticated visitor, against a real `strata serve` on 127.0.0.1 and a free port with a fresh
# database seeded by `strata demo`. Prints one line per (role, operation, parameter) and a summary;
# exits non-zero when sqlmap finds an injection or a run fails. See tests/security/README.md.
#
# Usage: tests/security/sqlmap.sh [options]
#   --roles LIST     comma-separated, from owner,admin,manager,member,viewer,unauthenticated
#                    (default: all)
#   --ops LIST       operationIds from docs/openapi.yaml, shell patterns allowed (default: all)
#   --params LIST    PLACE:NAME patterns, e.g. 'body:*', 'path:id', 'cookie:*' (default: all)
#   --engines LIST   sqlite,postgresql (default: sqlite, and postgresql too when STRATA_TEST_PG
#                    is set, as scripts/with-postgres.sh does)
#   --jobs N         sqlmap processes at a time (default 2)
#   --threads N      sqlmap's own --threads (default 2)
#   --time-sec N     sqlmap's --time-sec for time-based tests (default 3)
#   --dbms NAME      sqlmap's --dbms: 'auto' (default) names the engine under test, so payloads
#                    for other databases are not sent; 'any' sends every database's payloads
#   --full-union     answer N to sqlmap's "reduce the number of requests?", so UNION tests try 1
#                    to 50 columns rather than 1 to 10 (about five times the requests)
#   --keep           keep the temporary folder (sqlmap's output, the server's log)
#   --dry-run        set up, print the sqlmap command lines, and stop
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD

roles="" ops="" params="" engines="" jobs=2 threads=2 time_sec=3 dbms=auto keep=0 dry_run=0 full_union=0
while (($#)); do
  case "$1" in
    --roles) roles=$2; shift 2 ;;
    --ops) ops=$2; shift 2 ;;
    --params) params=$2; shift 2 ;;
    --engines) engines=$2; shift 2 ;;
    --jobs) jobs=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --time-sec) time_sec=$2; shift 2 ;;
    --dbms) dbms=$2; shift 2 ;;
    --full-union) full_union=1; shift ;;
    --keep) keep=1; shift ;;
    --dry-run) dry_run=1; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "sqlmap.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
if [[ -z "$engines" ]]; then
  engines=sqlite
  [[ -n "${STRATA_TEST_PG:-}" ]] && engines=sqlite,postgresql
fi

binary=${STRATA_BIN:-$repo/build/strata}
python=/usr/bin/python3
[[ -x "$binary" ]] || { echo "sqlmap.sh: $binary is missing: build first" >&2; exit 2; }
command -v sqlmap >/dev/null && "$python" -c 'import yaml' 2>/dev/null || {
  echo "sqlmap.sh: sqlmap or python3-yaml is missing: run scripts/setup.sh --security" >&2
  exit 2
}

work=$(mktemp -d /tmp/strata-sqlmap.XXXXXX)
# A copy: the build folder may be rebuilt while a long scan runs.
cp "$binary" "$work/strata"
binary=$work/strata
server_pid=""
pg_database=""

stop_server() {
  [[ -n "$server_pid" ]] || return 0
  if kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 150); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$server_pid" 2>/dev/null && kill -KILL "$server_pid" 2>/dev/null
  fi
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
}

drop_database() {
  [[ -n "$pg_database" ]] || return 0
  psql -q "$STRATA_TEST_PG" -c "DROP DATABASE IF EXISTS $pg_database WITH (FORCE)" \
    >/dev/null 2>&1 || true
  pg_database=""
}

cleanup() {
  local status=$?
  stop_server
  drop_database
  if ((keep)) || ((status != 0)); then
    echo "sqlmap.sh: kept $work" >&2
  else
    rm -rf "$work"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Runs the scan on one engine; returns the scanner's status.
scan() {
  local engine=$1 dir="$work/$1" db_args=() sqlmap_dbms=""
  mkdir -p "$dir/data"
  case "$engine" in
    sqlite) sqlmap_dbms=SQLite ;;
    postgresql)
      [[ -n "${STRATA_TEST_PG:-}" ]] || {
        echo "sqlmap.sh: postgresql needs STRATA_TEST_PG (run under scripts/with-postgres.sh)" >&2
        return 2
      }
      pg_database="strata_sqlmap_$(od -An -N4 -tx4 /dev/urandom | tr -d ' ')"
      psql -q "$STRATA_TEST_PG" -c "CREATE DATABASE $pg_database" >/dev/null
      db_args=(--db "${STRATA_TEST_PG%/*}/$pg_database")
      sqlmap_dbms=PostgreSQL
      ;;
    *) echo "sqlmap.sh: unknown engine $engine" >&2; return 2 ;;
  esac
  case "$dbms" in
    auto) ;;
    any) sqlmap_dbms="" ;;
    *) sqlmap_dbms=$dbms ;;
  esac

  env -u STRATA_DB -u STRATA_CONFIG "$binary" serve --listen 127.0.0.1:0 \
    --data-dir "$dir/data" "${db_args[@]}" --password-cost minimal --log-level info \
    --ready-file "$dir/ready" >/dev/null 2>"$dir/server.log" &
  server_pid=$!
  for _ in $(seq 1 300); do
    [[ -s "$dir/ready" ]] && break
    kill -0 "$server_pid" 2>/dev/null || {
      echo "sqlmap.sh: strata serve exited:" >&2; cat "$dir/server.log" >&2; return 2
    }
    sleep 0.1
  done
  [[ -s "$dir/ready" ]] || { echo "sqlmap.sh: strata serve did not start" >&2; return 2; }
  local address
  address=$(tr -d '[:space:]' <"$dir/ready")
  echo "sqlmap.sh [$engine]: strata serve (pid $server_pid) on $address, data in $dir/data" >&2

  env -u STRATA_DB -u STRATA_CONFIG "$binary" demo --data-dir "$dir/data" "${db_args[@]}" \
    >"$dir/demo.txt"

  local status=0
  "$python" "$repo/tests/security/sqlmap_scan.py" --address "$address" \
    --data-dir "$dir/data" --demo-output "$dir/demo.txt" --server-log "$dir/server.log" \
    --work "$dir" --openapi "$repo/docs/openapi.yaml" --engine "$engine" \
    ${roles:+--roles "$roles"} ${ops:+--ops "$ops"} ${params:+--params "$params"} \
    --jobs "$jobs" --threads "$threads" --time-sec "$time_sec" \
    ${sqlmap_dbms:+--dbms "$sqlmap_dbms"} $( ((dry_run)) && echo --dry-run) \
    $( ((full_union)) && echo --full-union) || status=$?
  stop_server
  drop_database
  return "$status"
}

overall=0
IFS=, read -r -a engine_list <<<"$engines"
for engine in "${engine_list[@]}"; do
  scan "$engine" || { status=$?; ((status > overall)) && overall=$status; }
done
exit "$overall"
