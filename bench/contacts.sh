#!/usr/bin/env bash
# Imports a generated contact CSV of BENCH_CONTACTS rows (default 1,000,000) with
# `strata import contacts` on SQLite and on PostgreSQL, printing rows/s and peak memory, and in
# the same run loads the same file without any checks as the ceiling: sqlite3's .import and
# PostgreSQL's \copy into a table without constraints. Then the same file with one bad row in the
# middle: the import must report that line and store nothing.
# Usage: bench/contacts.sh     (a throwaway PostgreSQL on loopback is started for the run)
set -euo pipefail
cd "$(dirname "$0")/.."

rows=${BENCH_CONTACTS:-1000000}
strata=${STRATA_BIN:-build/strata}
[[ -x "$strata" ]] || { echo "bench: $strata is missing; run make" >&2; exit 1; }

if [[ -z "${STRATA_TEST_PG:-}" ]]; then
  exec scripts/with-postgres.sh "$0" "$@"
fi

work=$(mktemp -d /tmp/strata-contacts-bench.XXXXXX)
chmod 755 "$work"
trap 'rm -rf "$work"' EXIT INT TERM

bad_line=$((rows / 2 + 1))
echo "== generating $rows contacts (and a copy whose line $bad_line has a bad address)"
python3 bench/contacts_csv.py "$rows" "$work/contacts.csv"
python3 bench/contacts_csv.py "$rows" "$work/bad.csv" "$bad_line"
ls -l "$work/contacts.csv" | awk '{printf "file: %.1f MB\n", $5 / 1e6}'

seconds_since() { awk -v now="$(date +%s.%N)" -v start="$1" 'BEGIN { print now - start }'; }
rate() { awk -v rows="$rows" -v seconds="$1" 'BEGIN { printf "%.0f", rows / seconds }'; }
org_sql="INSERT INTO orgs (id, name, kinds, created_at, updated_at) VALUES ('bench-org', 'Bench Reseller', 'reseller', 0, 0)"
ceiling_columns="email TEXT, first_name TEXT, last_name TEXT, company TEXT, title TEXT, phone TEXT, country TEXT, industry TEXT"

# Runs the import into a fresh database at $1; prints its own summary line.
import_into() {
  local url=$1 file=$2
  "$strata" migrate --db "$url" >/dev/null
  "$strata" import contacts --db "$url" --data-dir "$work/data" --org bench-org "$file" \
    --map email=Email --map first_name="First name" --map last_name="Last name" \
    --map company=Company --map title=Title --map phone=Phone --map country=Country \
    --map attributes.industry=Industry
}

echo "== SQLite"
sqlite3 "$work/ceiling.db" "CREATE TABLE ceiling ($ceiling_columns)"
start=$(date +%s.%N)
sqlite3 "$work/ceiling.db" ".import --csv --skip 1 $work/contacts.csv ceiling"
ceiling=$(seconds_since "$start")
printf 'ceiling, sqlite3 .import:   %6.2f s  %8s rows/s\n' "$ceiling" "$(rate "$ceiling")"
"$strata" migrate --db "sqlite:$work/strata.db" >/dev/null
sqlite3 "$work/strata.db" "$org_sql"
import_into "sqlite:$work/strata.db" "$work/contacts.csv" || true
echo "-- the file with a bad row:"
"$strata" migrate --db "sqlite:$work/bad.db" >/dev/null
sqlite3 "$work/bad.db" "$org_sql"
import_into "sqlite:$work/bad.db" "$work/bad.csv" || true
echo "contacts stored after it: $(sqlite3 "$work/bad.db" 'SELECT COUNT(*) FROM contacts')"

echo "== PostgreSQL"
admin=$STRATA_TEST_PG
base=${admin%/postgres}
for name in strata_bench_ceiling strata_bench_contacts strata_bench_bad; do
  psql "$admin" -qAt -c "CREATE DATABASE $name" >/dev/null
done
psql "$base/strata_bench_ceiling" -qAt -c "CREATE TABLE ceiling ($ceiling_columns)"
start=$(date +%s.%N)
psql "$base/strata_bench_ceiling" -qAt -c "\\copy ceiling FROM '$work/contacts.csv' WITH (FORMAT csv, HEADER true)" >/dev/null
ceiling=$(seconds_since "$start")
printf 'ceiling, psql \\copy:        %6.2f s  %8s rows/s\n' "$ceiling" "$(rate "$ceiling")"
for name in strata_bench_contacts strata_bench_bad; do
  "$strata" migrate --db "$base/$name" >/dev/null
  psql "$base/$name" -qAt -c "$org_sql" >/dev/null
done
import_into "$base/strata_bench_contacts" "$work/contacts.csv" || true
echo "-- the file with a bad row:"
import_into "$base/strata_bench_bad" "$work/bad.csv" || true
echo "contacts stored after it: $(psql "$base/strata_bench_bad" -qAt -c 'SELECT COUNT(*) FROM contacts')"
