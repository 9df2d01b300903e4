#!/usr/bin/env bash
# Latency the validation proxy adds: nginx answering GET /v1/status with a small JSON
# body is the upstream; bench/proxy_load sends 1,000 requests per second for DURATION
# seconds over 8 keep-alive connections (open loop: latency counted from when each
# request was due), first to nginx directly, then through `icopilot proxy` (which
# streams the answer back and checks every exchange against tests/golden/specs/orders.yaml).
# Prints p50/p99/p99.9 of both and what the proxy adds; target: under 1 ms at p99.
set -euo pipefail
cd "$(dirname "$0")/.."
ICOPILOT=${ICOPILOT:-build/release/src/cli/icopilot}
LOAD=${LOAD:-build/release/bench/proxy_load}
SECONDS_EACH=${PROXY_SECONDS:-10}
RATE=${PROXY_RATE:-1000}
CACHE=bench/.cache/proxy
mkdir -p "$CACHE/logs"
command -v nginx >/dev/null || { echo "run scripts/install-deps --bench first" >&2; exit 2; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
nginx_port=$(free_port)
proxy_port=$(free_port)
cat > "$CACHE/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $PWD/$CACHE/nginx.pid;
error_log $PWD/$CACHE/logs/error.log;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path $PWD/$CACHE/body;
  proxy_temp_path $PWD/$CACHE/proxy;
  fastcgi_temp_path $PWD/$CACHE/fastcgi;
  uwsgi_temp_path $PWD/$CACHE/uwsgi;
  scgi_temp_path $PWD/$CACHE/scgi;
  server {
    listen 127.0.0.1:$nginx_port;
    location / { default_type application/json; return 200 '{"ok":true}'; }
  }
}
CONF
nginx -p "$PWD/$CACHE" -c "$PWD/$CACHE/nginx.conf" &
nginx_pid=$!
"$ICOPILOT" proxy tests/golden/specs/orders.yaml --upstream "http://127.0.0.1:$nginx_port" \
  --port "$proxy_port" --format json > /dev/null 2>&1 &
proxy_pid=$!
trap 'kill $nginx_pid $proxy_pid 2>/dev/null || true; wait 2>/dev/null || true' EXIT
for port in "$nginx_port" "$proxy_port"; do
  for _ in $(seq 1 300); do
    curl -s -o /dev/null "http://127.0.0.1:$port/v1/status" && break
    sleep 0.01
  done
done
"$LOAD" "$proxy_port" /v1/status "$RATE" 1 8 > /dev/null  # warm-up
read -r d50 d99 d999 dsent derr <<<"$("$LOAD" "$nginx_port" /v1/status "$RATE" "$SECONDS_EACH" 8)"
read -r p50 p99 p999 psent perr <<<"$("$LOAD" "$proxy_port" /v1/status "$RATE" "$SECONDS_EACH" 8)"
printf '\nvalidation proxy overhead: GET /v1/status at %s requests/s for %s s, 8 keep-alive connections\n' "$RATE" "$SECONDS_EACH"
printf '%-28s %8s %8s %8s %8s %7s\n' "path" "p50 ms" "p99 ms" "p99.9 ms" "answers" "errors"
printf '%-28s %8.3f %8.3f %8.3f %8d %7d\n' "nginx directly" "$d50" "$d99" "$d999" "$dsent" "$derr"
printf '%-28s %8.3f %8.3f %8.3f %8d %7d\n' "icopilot proxy -> nginx" "$p50" "$p99" "$p999" "$psent" "$perr"
python3 -c "print('added by the proxy: p50 %.3f ms, p99 %.3f ms (target < 1 ms at p99: %s)' % ($p50 - $d50, $p99 - $d99, 'met' if $p99 - $d99 < 1 else 'NOT met'))"
