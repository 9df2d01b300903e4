#!/usr/bin/env bash
# The mock against its peers, in one run: `icopilot mock`, Prism 5.14 (`prism mock`,
# logging at error level) and nginx (`return 200` with the same body, one worker, access
# log off: the ceiling) answering the same example response of bench/specs/quotes.yaml,
# under `wrk -t2 -c64 -d10s` on loopback. Prints requests/s, p99 and the ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
ICOPILOT=${ICOPILOT:-build/release/src/cli/icopilot}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-64}
SPEC=bench/specs/quotes.yaml
PRISM=bench/node_modules/.bin/prism
CACHE=bench/.cache/mock
mkdir -p "$CACHE/nginx/logs"
command -v wrk >/dev/null && command -v nginx >/dev/null && [[ -x "$PRISM" ]] ||
  { echo "run scripts/install-deps --bench first" >&2; exit 2; }

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_ready() {  # URL
  for _ in $(seq 1 3000); do
    [[ "$(curl -s -o /dev/null -w '%{http_code}' "$1" || true)" == 200 ]] && return 0
    sleep 0.01
  done
  echo "not ready: $1" >&2; exit 1
}
measure() {  # URL -> "RPS P99_MS"
  local out rps p99
  out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$1")
  rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; print v}' <<<"$out")
  echo "$rps $p99"
}

# icopilot mock: the body it answers is the one nginx will send.
ico_port=$(free_port)
"$ICOPILOT" mock "$SPEC" --port "$ico_port" > "$CACHE/icopilot.out" 2>&1 &
pids+=($!)
wait_ready "http://127.0.0.1:$ico_port/quotes/latest"
body=$(curl -s "http://127.0.0.1:$ico_port/quotes/latest")

nginx_port=$(free_port)
cat > "$CACHE/nginx/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $PWD/$CACHE/nginx/nginx.pid;
error_log $PWD/$CACHE/nginx/logs/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $PWD/$CACHE/nginx/body;
  proxy_temp_path $PWD/$CACHE/nginx/proxy;
  fastcgi_temp_path $PWD/$CACHE/nginx/fastcgi;
  uwsgi_temp_path $PWD/$CACHE/nginx/uwsgi;
  scgi_temp_path $PWD/$CACHE/nginx/scgi;
  server {
    listen 127.0.0.1:$nginx_port;
    location / { default_type application/json; return 200 '$body'; }
  }
}
CONF
nginx -p "$PWD/$CACHE/nginx" -c "$PWD/$CACHE/nginx/nginx.conf" &
pids+=($!)
wait_ready "http://127.0.0.1:$nginx_port/quotes/latest"

prism_port=$(free_port)
"$PRISM" mock "$SPEC" --port "$prism_port" --host 127.0.0.1 -v error > "$CACHE/prism.out" 2>&1 &
pids+=($!)
wait_ready "http://127.0.0.1:$prism_port/quotes/latest"

read -r nginx_rps nginx_p99 <<<"$(measure "http://127.0.0.1:$nginx_port/quotes/latest")"
read -r ico_rps ico_p99 <<<"$(measure "http://127.0.0.1:$ico_port/quotes/latest")"
read -r prism_rps prism_p99 <<<"$(measure "http://127.0.0.1:$prism_port/quotes/latest")"

# Stateful: icopilot mock --stateful answering POST /items then GET of what was created,
# against Prism's static answer to GET /items/1 of the same spec.
items=bench/specs/items.yaml
state_port=$(free_port)
echo '{"max_resources": 10000000}' > "$CACHE/stateful.json"
"$ICOPILOT" mock "$items" --stateful --config "$CACHE/stateful.json" --port "$state_port" \
  > "$CACHE/icopilot-stateful.out" 2>&1 &
pids+=($!)
until grep -q "listening on" "$CACHE/icopilot-stateful.out" 2>/dev/null; do sleep 0.01; done
prism_items_port=$(free_port)
"$PRISM" mock "$items" --port "$prism_items_port" --host 127.0.0.1 -v error > "$CACHE/prism-items.out" 2>&1 &
pids+=($!)
wait_ready "http://127.0.0.1:$prism_items_port/items/1"
stateful_out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s bench/post_then_get.lua \
  "http://127.0.0.1:$state_port")
state_rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$stateful_out")
state_bad=$(awk '/^non-2xx answers:/ {s += $3} END {print s + 0}' <<<"$stateful_out")
read -r prism_items_rps prism_items_p99 <<<"$(measure "http://127.0.0.1:$prism_items_port/items/1")"

printf '\nMock: GET /quotes/latest (the example response, %d bytes), wrk -t2 -c%s -d%s, %s cores\n' \
  "${#body}" "$CONNECTIONS" "$DURATION" "$(nproc)"
printf '%-34s %12s %10s\n' "server" "requests/s" "p99 ms"
printf '%-34s %12.0f %10.2f\n' "nginx return 200 (1 worker)" "$nginx_rps" "$nginx_p99"
printf '%-34s %12.0f %10.2f\n' "icopilot mock" "$ico_rps" "$ico_p99"
printf '%-34s %12.0f %10.2f\n' "Prism 5.14 (-v error)" "$prism_rps" "$prism_p99"
awk -v i="$ico_rps" -v n="$nginx_rps" -v p="$prism_rps" -v ip="$ico_p99" -v np="$nginx_p99" 'BEGIN {
  printf "icopilot / nginx   %6.2fx throughput (target >= 0.50x), p99 %5.2fx (target <= 2x)\n", i / n, ip / np
  printf "icopilot / Prism   %6.2fx throughput (target >= 5x)\n", i / p
}'
printf '\nStateful mock: POST /items then GET /items/{id} of what was created (bench/post_then_get.lua)\n'
printf '%-34s %12.0f   (%s answers not 2xx)\n' "icopilot mock --stateful" "$state_rps" "$state_bad"
printf '%-34s %12.0f\n' "Prism 5.14 static GET /items/1" "$prism_items_rps"
awk -v s="$state_rps" -v p="$prism_items_rps" 'BEGIN {
  printf "stateful icopilot / static Prism %6.2fx (target >= 3x)\n", s / p
}'
