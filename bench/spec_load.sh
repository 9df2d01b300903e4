#!/usr/bin/env bash
# Spec loading on GitHub's REST API description (@octokit/openapi, 13 MB JSON with
# $refs): `icopilot spec inspect` as a whole process, against swagger-parser's dereference
# in a warm node process and a bare in-process Boost.JSON parse (the ceiling).
set -euo pipefail
cd "$(dirname "$0")/.."
ICOPILOT=${ICOPILOT:-build/release/src/cli/icopilot}
FILE=${SPEC_FILE:-.cache/npm/openapi/generated/api.github.com.json}
RUNS=${RUNS:-10}
[[ -f "$FILE" ]] || { echo "$FILE missing: run scripts/install-deps --bench" >&2; exit 2; }

# Best wall time and peak RSS of RUNS whole-process runs.
read -r ico_ms ico_rss_kb < <(python3 - "$ICOPILOT" "$FILE" "$RUNS" <<'PY'
import resource, subprocess, sys, time
binary, path, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
best = float("inf")
for _ in range(runs):
    started = time.perf_counter()
    subprocess.run([binary, "spec", "inspect", path, "--format", "json"], stdout=subprocess.DEVNULL, check=True)
    best = min(best, (time.perf_counter() - started) * 1000)
print(f"{best:.1f} {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}")
PY
)
parse_ms=$(build/release/bench/json_parse_bench "$FILE" "$RUNS")
swagger_ms=$(node bench/swagger_parser_dereference.mjs "$FILE" "$RUNS")
size_kb=$(( $(stat -c %s "$FILE") / 1024 ))

printf '\nSpec loading: %s (%d KiB), best of %d\n' "$(basename "$FILE")" "$size_kb" "$RUNS"
printf '%-46s %10s\n' "" "ms"
printf '%-46s %10.1f\n' "icopilot spec inspect (whole process)" "$ico_ms"
printf '%-46s %10.1f\n' "swagger-parser dereference (warm node)" "$swagger_ms"
printf '%-46s %10.1f\n' "Boost.JSON parse (in-process, the ceiling)" "$parse_ms"
awk -v i="$ico_ms" -v s="$swagger_ms" -v p="$parse_ms" -v r="$ico_rss_kb" -v f="$size_kb" 'BEGIN {
  printf "swagger-parser / icopilot  %6.1fx  (target >= 10x)\n", s / i
  printf "icopilot / bare parse      %6.1fx  (target <= 3x)\n", i / p
  printf "icopilot peak memory       %6.1f MiB = %.1fx the file (target < 4x)\n", r / 1024, r / f
}'
