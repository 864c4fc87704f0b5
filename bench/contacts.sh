#!/usr/bin/env bash
# Imports a generated contact CSV of BENCH_CONTACTS rows (default 1,000,000) with
# `strata import contacts` on SQLite and on PostgreSQL, printing rows/s and peak memory, and in
# the same run loads the same file without any checks as the ceiling: sqlite3's .import and
# PostgreSQL's \copy into a table without constraints. The checks alone (contact_checks: every row
# normalised as the import does, on one core) give what checking can reach on this machine. Then
# the same file with one bad row in the middle: the import must report that line and store nothing.
# Usage: bench/contacts.sh     (a throwaway PostgreSQL on loopback is started for the run)
set -euo pipefail
cd "$(dirname "$0")/.."

rows=${BENCH_CONTACTS:-1000000}
strata=${STRATA_BIN:-build/strata}
checks=${BENCH_BIN:-build/bench/contact_checks}
for binary in "$strata" "$checks"; do
  [[ -x "$binary" ]] || { echo "bench: $binary is missing; run make" >&2; exit 1; }
done

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

percent() { awk -v part="$1" -v whole="$2" 'BEGIN { printf "%.1f%%", 100 * part / whole }'; }

# Runs the import into the migrated database at $1; prints its own summary line and keeps its
# rows/s in $imported.
imported=0
import_into() {
  local url=$1 file=$2 summary
  summary=$("$strata" import contacts --db "$url" --data-dir "$work/data" --org bench-org "$file" \
    --map email=Email --map first_name="First name" --map last_name="Last name" \
    --map company=Company --map title=Title --map phone=Phone --map country=Country \
    --map attributes.industry=Industry 2>&1 | grep -v '^{') || true
  echo "$summary"
  imported=$(grep -o '[0-9]* rows/s' <<<"$summary" | head -1 | cut -d' ' -f1)
}

echo "== the checks alone"
checked=$("$checks" "$work/contacts.csv")
echo "$checked"
bound=$(grep -o 'at most [0-9]* rows/s' <<<"$checked" | cut -d' ' -f3)

echo "== SQLite"
sqlite3 "$work/ceiling.db" "CREATE TABLE ceiling ($ceiling_columns)"
start=$(date +%s.%N)
sqlite3 "$work/ceiling.db" ".import --csv --skip 1 $work/contacts.csv ceiling"
ceiling=$(seconds_since "$start")
printf 'ceiling, sqlite3 .import:   %6.2f s  %8s rows/s\n' "$ceiling" "$(rate "$ceiling")"
for name in strata bad; do
  "$strata" migrate --db "sqlite:$work/$name.db" >/dev/null 2>&1
  sqlite3 "$work/$name.db" "$org_sql"
done
import_into "sqlite:$work/strata.db" "$work/contacts.csv"
echo "import on SQLite: $(percent "$imported" "$(rate "$ceiling")") of the ceiling's rows/s," \
  "$(percent "$imported" "$bound") of the checks alone on every core"
echo "-- the file with a bad row:"
import_into "sqlite:$work/bad.db" "$work/bad.csv"
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
  "$strata" migrate --db "$base/$name" >/dev/null 2>&1
  psql "$base/$name" -qAt -c "$org_sql" >/dev/null
done
import_into "$base/strata_bench_contacts" "$work/contacts.csv"
echo "import on PostgreSQL: $(percent "$imported" "$(rate "$ceiling")") of the ceiling's rows/s," \
  "$(percent "$imported" "$bound") of the checks alone on every core"
echo "-- the file with a bad row:"
import_into "$base/strata_bench_bad" "$work/bad.csv"
echo "contacts stored after it: $(psql "$base/strata_bench_bad" -qAt -c 'SELECT COUNT(*) FROM contacts')"
