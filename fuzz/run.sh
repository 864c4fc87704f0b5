#!/usr/bin/env bash
# Runs each fuzz target built in BUILD_DIR/fuzz for SECONDS seconds on a copy of its seed corpus
# (fuzz/corpus/<target>/, with fuzz/<target>.dict when there is one), then prints its figures:
# executions, executions per second, coverage (cov: edges, ft: features) and corpus size.
# A crash stops that target; its input is kept in BUILD_DIR/fuzz-runs/<target>/ and the script
# fails once every target has run.
# Usage: fuzz/run.sh BUILD_DIR SECONDS [TARGET...]
set -uo pipefail
cd "$(dirname "$0")/.."

build=${1:?usage: fuzz/run.sh BUILD_DIR SECONDS [TARGET...]}
seconds=${2:?usage: fuzz/run.sh BUILD_DIR SECONDS [TARGET...]}
shift 2
targets=("$@")
if ((${#targets[@]} == 0)); then
  for binary in "$build"/fuzz/fuzz_*; do
    [[ -x "$binary" && -f "$binary" ]] && targets+=("$(basename "$binary")")
  done
fi
if ((${#targets[@]} == 0)); then
  echo "fuzz: no fuzz targets in $build/fuzz; configure with -DSTRATA_FUZZ=ON" >&2
  exit 1
fi

failed=()
for target in "${targets[@]}"; do
  work="$build/fuzz-runs/$target"
  rm -rf "$work"
  mkdir -p "$work/corpus"
  cp -R "fuzz/corpus/$target/." "$work/corpus/"
  seeds=$(find "$work/corpus" -type f | wc -l)
  options=(-max_total_time="$seconds" -print_final_stats=1 -timeout=25 -rss_limit_mb=4096
           -artifact_prefix="$work/")
  [[ -f "fuzz/$target.dict" ]] && options+=(-dict="fuzz/$target.dict")
  echo "== $target: $seconds s from $seeds seeds"
  "$build/fuzz/$target" "${options[@]}" "$work/corpus" >"$work/log" 2>&1
  status=$?
  # The last status line ("#123 DONE cov: 45 ft: 67 corp: 8/1kb ...") and the final stats.
  last=$(grep -E '^#[0-9]+' "$work/log" | tail -n 1)
  stat() { grep -E "^stat::$1:" "$work/log" | awk '{print $2}' | tail -n 1; }
  field() { sed -nE "s/.* $1 ([^ ]+).*/\1/p" <<<"$last"; }
  corpus=$(find "$work/corpus" -type f | wc -l)
  printf '%s: %s runs, %s exec/s, cov %s, ft %s, corpus %s files (%s new), peak RSS %s MB\n' \
    "$target" "$(stat number_of_executed_units)" "$(stat average_exec_per_sec)" \
    "$(field cov:)" "$(field ft:)" "$corpus" "$((corpus - seeds))" "$(stat peak_rss_mb)"
  if ((status != 0)); then
    echo "fuzz: $target failed (exit $status); its log ends:" >&2
    tail -n 60 "$work/log" >&2
    ls "$work"/crash-* "$work"/leak-* "$work"/timeout-* "$work"/oom-* 2>/dev/null >&2
    failed+=("$target")
  fi
done

if ((${#failed[@]})); then
  echo "fuzz: failures in ${failed[*]}; inputs in $build/fuzz-runs/" >&2
  exit 1
fi
