#!/usr/bin/env bash
# The golden suite against a strict, stateful mock of the reference Orders API
# (tests/golden/reference/orders/openapi.yaml) answering after 50 ms, the round trip to a
# sandbox on another continent: wall time of `icopilot test` with the defaults and at
# --concurrency 1 and 16, against the issue's target (60 s) and a ceiling (the same
# requests, four at a time, each taking the 50 ms). Before issue 16 every such run stopped
# at its 5-minute limit.
set -euo pipefail
cd "$(dirname "$0")/.."
ICOPILOT=${ICOPILOT:-build/release/src/cli/icopilot}
SPEC=tests/golden/reference/orders/openapi.yaml
mkdir -p bench/.cache
"$ICOPILOT" mock "$SPEC" --port 0 --stateful --strict-auth --api-key bench-key --basic c:s \
  --latency 50ms >bench/.cache/latency_mock.out 2>/dev/null &
mock=$!
trap 'kill $mock 2>/dev/null || true; wait 2>/dev/null || true' EXIT
for _ in $(seq 1 200); do
  grep -q listening bench/.cache/latency_mock.out 2>/dev/null && break
  sleep 0.01
done
url=$(head -1 bench/.cache/latency_mock.out | sed 's/listening on //')
for concurrency in 4 1 16; do
  start=$(date +%s%N)
  "$ICOPILOT" test "$SPEC" --base-url "$url" --oauth2-token-url "$url/oauth/token" \
    --client-id c --client-secret s --concurrency "$concurrency" --format json \
    >bench/.cache/golden_latency.json 2>/dev/null || { echo "golden run failed" >&2; exit 1; }
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  python3 - "$ms" "$concurrency" <<'PY'
import json, sys
ms, concurrency = int(sys.argv[1]), int(sys.argv[2])
d = json.load(open("bench/.cache/golden_latency.json"))
s = d["summary"]
ceiling = d["requests"] * 50 / 4
label = "defaults (--concurrency 4)" if concurrency == 4 else f"--concurrency {concurrency}"
print(f"golden suite behind 50 ms, {label}: {ms} ms, {d['requests']} requests, "
      f"{s['passed']} passed, {s['warnings']} warnings, {s['failed']} failed, {s['errors']} errors")
print(f"  target 60000 ms: {60000 / ms:.1f}x under; ceiling (the requests four at a time, "
      f"50 ms each): {ceiling:.0f} ms, run {ms / ceiling:.2f}x the ceiling")
PY
done
