#!/usr/bin/env bash
# Requests per second of `strata serve` for GET /healthz (no database) and GET /readyz (reads the
# database), and of nginx serving a small static file on loopback as the ceiling; all in one run,
# one after the other, so the figures compare. Only loopback addresses are used.
# Usage: bench/http.sh            (BENCH_SECONDS=10 BENCH_CONNECTIONS=64 BENCH_THREADS=2)
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${BENCH_SECONDS:-10}
connections=${BENCH_CONNECTIONS:-64}
threads=${BENCH_THREADS:-2}
strata=${STRATA_BIN:-build/strata}
for tool in wrk nginx; do
  command -v "$tool" >/dev/null || [[ -x /usr/sbin/$tool ]] || {
    echo "bench: $tool is missing; run scripts/setup.sh --bench" >&2; exit 1; }
done
[[ -x "$strata" ]] || { echo "bench: $strata is missing; run make" >&2; exit 1; }

work=$(mktemp -d /tmp/strata-bench.XXXXXX)
chmod 755 "$work"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# strata, with the access log off so that the figure is the server's, not the terminal's.
"$strata" migrate --data-dir "$work/data" >/dev/null 2>&1
"$strata" serve --listen 127.0.0.1:0 --data-dir "$work/data" --log-level warn \
  --ready-file "$work/ready" 2>"$work/strata.log" &
pids+=($!)
for _ in $(seq 300); do [[ -s "$work/ready" ]] && break; sleep 0.1; done
[[ -s "$work/ready" ]] || { cat "$work/strata.log" >&2; exit 1; }
strata_url="http://$(cat "$work/ready")"

# nginx with its own prefix, configuration and pid file.
nginx_port=$(free_port)
mkdir -p "$work/nginx/html" "$work/nginx/logs"
printf '{"status":"ok"}' >"$work/nginx/html/healthz"
user_line=""
[[ $(id -u) -eq 0 ]] && user_line="user nobody nogroup;"
cat >"$work/nginx/nginx.conf" <<CONF
$user_line
worker_processes 2;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  default_type application/json;
  client_body_temp_path $work/nginx/body;
  proxy_temp_path $work/nginx/proxy;
  fastcgi_temp_path $work/nginx/fastcgi;
  uwsgi_temp_path $work/nginx/uwsgi;
  scgi_temp_path $work/nginx/scgi;
  server {
    listen 127.0.0.1:$nginx_port;
    root $work/nginx/html;
  }
}
CONF
chmod -R a+rX "$work/nginx"
nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" &
pids+=($!)
for _ in $(seq 100); do
  curl -fs "http://127.0.0.1:$nginx_port/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done
nginx_url="http://127.0.0.1:$nginx_port"

# One warm-up, then the measured run; prints requests/s and the 99th percentile latency.
measure() {
  local url=$1
  wrk -t"$threads" -c"$connections" -d2s "$url" >/dev/null
  local out
  out=$(wrk -t"$threads" -c"$connections" -d"${seconds}s" --latency "$url")
  local rps p99 errors
  rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  errors=$(awk '/Non-2xx or 3xx responses:/ {print $5}' <<<"$out")
  echo "$rps ${p99:-?} ${errors:-0}"
}

read -r healthz_rps healthz_p99 healthz_errors < <(measure "$strata_url/healthz")
read -r readyz_rps readyz_p99 readyz_errors < <(measure "$strata_url/readyz")
read -r nginx_rps nginx_p99 nginx_errors < <(measure "$nginx_url/healthz")

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo
echo "HTTP throughput on $(nproc) cores: wrk -t$threads -c$connections -d${seconds}s, loopback"
printf '%-28s %12s %10s %8s %14s\n' target "requests/s" "p99" errors "vs nginx"
printf '%-28s %12s %10s %8s %14s\n' "strata GET /healthz" "$healthz_rps" "$healthz_p99" "$healthz_errors" "$(ratio "$healthz_rps" "$nginx_rps")"
printf '%-28s %12s %10s %8s %14s\n' "strata GET /readyz (db)" "$readyz_rps" "$readyz_p99" "$readyz_errors" "$(ratio "$readyz_rps" "$nginx_rps")"
printf '%-28s %12s %10s %8s %14s\n' "nginx static file" "$nginx_rps" "$nginx_p99" "$nginx_errors" "1.00"
printf '{"strata_healthz_rps":%s,"strata_readyz_rps":%s,"nginx_rps":%s,"healthz_ratio":%s,"readyz_ratio":%s}\n' \
  "$healthz_rps" "$readyz_rps" "$nginx_rps" "$(ratio "$healthz_rps" "$nginx_rps")" "$(ratio "$readyz_rps" "$nginx_rps")"
