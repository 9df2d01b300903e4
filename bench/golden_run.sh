#!/usr/bin/env bash
# The golden suite against a local strict, stateful mock of a 20-operation spec
# (bench/specs/shop20.yaml, no rate limits): wall time of `icopilot test` as a whole
# process (median of 5), its cases and requests, against the issue's target (2 s) and a
# ceiling: the same number of requests at the mock's own rate under wrk (2 connections,
# as the runner's default concurrency sends at most a few at once).
set -euo pipefail
cd "$(dirname "$0")/.."
ICOPILOT=${ICOPILOT:-build/release/src/cli/icopilot}
SPEC=bench/specs/shop20.yaml
mkdir -p bench/.cache
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$ICOPILOT" mock "$SPEC" --port "$port" --stateful --strict-auth --api-key bench-key >/dev/null 2>&1 &
mock=$!
trap 'kill $mock 2>/dev/null || true; wait 2>/dev/null || true' EXIT
for _ in $(seq 1 200); do
  curl -s -o /dev/null "http://127.0.0.1:$port/v1/orders" && break
  sleep 0.01
done

times=()
for _ in 1 2 3 4 5; do
  start=$(date +%s%N)
  "$ICOPILOT" test "$SPEC" --base-url "http://127.0.0.1:$port" --api-key bench-key --format json \
    > bench/.cache/golden_run.json 2>/dev/null || { echo "golden run failed" >&2; exit 1; }
  times+=($(( ($(date +%s%N) - start) / 1000000 )))
done
median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 3p)
read -r passed failed requests < <(python3 -c '
import json; d = json.load(open("bench/.cache/golden_run.json"))
print(d["summary"]["passed"], d["summary"]["failed"], d["requests"])')
rps=$(wrk -t1 -c2 -d2s -H 'X-API-Key: bench-key' "http://127.0.0.1:$port/v1/orders/1" |
      awk '/^Requests\/sec:/ {print $2}')
ceiling=$(python3 -c "print(round($requests / $rps * 1000))")
printf 'golden suite, 20 operations: %d ms median (%s), %d cases passed, %d failed, %d requests\n' \
  "$median" "${times[*]}" "$passed" "$failed" "$requests"
python3 -c "print('  target 2000 ms: %.2fx under; ceiling (%d requests at the mock\'s %.0f req/s): %d ms, run %.1fx the ceiling' % (2000 / $median, $requests, $rps, $ceiling, $median / max(1, $ceiling)))"
