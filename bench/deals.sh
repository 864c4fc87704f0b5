#!/usr/bin/env bash
# One deal-registration conflict check against BENCH_REGISTRATIONS (default 1,000,000) existing
# registrations of one vendor: median and p99 of 1,000 look-ups through the company index on
# SQLite and on PostgreSQL, and in the same run the same look-ups done by PostgreSQL's pg_trgm
# (a GIN trigram index and the % operator) as the baseline. Half the probes are variants of
# registered names (another legal form, other case, a letter dropped), half are new names.
# Usage: bench/deals.sh     (a throwaway PostgreSQL on loopback is started for the run)
set -euo pipefail
cd "$(dirname "$0")/.."

count=${BENCH_REGISTRATIONS:-1000000}
bench=${BENCH_BIN:-build/bench/conflict_check}
strata=${STRATA_BIN:-build/strata}
for binary in "$bench" "$strata"; do
  [[ -x "$binary" ]] || { echo "bench: $binary is missing; run make" >&2; exit 1; }
done

if [[ -z "${STRATA_TEST_PG:-}" ]]; then
  exec scripts/with-postgres.sh "$0" "$@"
fi

work=$(mktemp -d /tmp/strata-deals-bench.XXXXXX)
chmod 755 "$work"
trap 'rm -rf "$work"' EXIT INT TERM

echo "== generating $count registrations"
"$bench" generate "$count" "$work"

echo "== SQLite: loading"
sqlite_db="$work/bench.db"
"$strata" migrate --db "sqlite:$sqlite_db" >/dev/null 2>&1
sqlite3 "$sqlite_db" <<SQL
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
INSERT INTO orgs (id, name, kinds, created_at, updated_at) VALUES ('bench-vendor', 'Bench Vendor', 'vendor', 0, 0);
.mode tabs
.import $work/company_index.tsv company_index
.import $work/company_index_keys.tsv company_index_keys
ANALYZE;
SQL

echo "== PostgreSQL: loading"
admin=$STRATA_TEST_PG
psql "$admin" -qAt -c "CREATE DATABASE strata_bench" >/dev/null
pg_url=${admin%/postgres}/strata_bench
"$strata" migrate --db "$pg_url" >/dev/null 2>&1
psql "$pg_url" -q -v ON_ERROR_STOP=1 <<SQL
SET client_min_messages = warning;
INSERT INTO orgs (id, name, kinds, created_at, updated_at) VALUES ('bench-vendor', 'Bench Vendor', 'vendor', 0, 0);
\copy company_index FROM '$work/company_index.tsv'
\copy company_index_keys FROM '$work/company_index_keys.tsv'
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE TABLE bench_names (id TEXT PRIMARY KEY, name TEXT NOT NULL);
\copy bench_names FROM '$work/names.tsv'
CREATE INDEX bench_names_trgm ON bench_names USING gin (name gin_trgm_ops);
VACUUM ANALYZE;
SQL

echo "== one conflict check against $count registrations (after 200 warm-up look-ups)"
"$bench" measure "sqlite:$sqlite_db" "$work"
"$bench" measure "$pg_url" "$work"
"$bench" measure "$pg_url" "$work" trgm
