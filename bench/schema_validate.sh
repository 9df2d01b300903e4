#!/usr/bin/env bash
# The schema engine against ajv 8 (with ajv-formats, compiled validators, strict: false)
# on GitHub's component schemas (@octokit/openapi) with generated instances, one valid
# and one invalid per schema, one thread, JSON parsing included on both sides, first
# error. Each side times only its validation loop over the instances (compiling and
# process start excluded: the marginal cost per validation). Lines whose schema ajv
# cannot compile are left out of both runs. Then the JSON Schema Test Suite pass counts
# of both, and the generator's rate on a small object schema.
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH=${BENCH:-build/release/bench/schema_bench}
FILE=${SPEC_FILE:-.cache/npm/openapi/generated/api.github.com.json}
REPS=${REPS:-5}
CACHE=bench/.cache
mkdir -p "$CACHE"
[[ -f "$FILE" ]] || { echo "$FILE missing: run scripts/install-deps --bench" >&2; exit 2; }
[[ -x "$BENCH" ]] || { echo "$BENCH missing: build the release preset first" >&2; exit 2; }

if [[ ! -s "$CACHE/github-instances.tsv" || "$BENCH" -nt "$CACHE/github-instances.tsv" ]]; then
  "$BENCH" prepare "$FILE" "$CACHE/github-instances.tsv" 2>/dev/null
fi
read -r kept all < <(node bench/ajv_validate.mjs --filter "$FILE" "$CACHE/github-instances.tsv" 1 "$CACHE/github-both.tsv")
read -r ours ours_valid < <("$BENCH" validate "$FILE" "$CACHE/github-both.tsv" "$REPS")
read -r theirs theirs_valid < <(node bench/ajv_validate.mjs "$FILE" "$CACHE/github-both.tsv" "$REPS")

printf '\nSchema validation: GitHub component schemas, %d instances (%d of %d lines ajv compiles), x%d\n' \
  "$kept" "$kept" "$all" "$REPS"
printf '%-44s %14s %8s\n' "" "validations/s" "valid"
printf '%-44s %14d %8d\n' "icopilot (parse + validate)" "$ours" "$ours_valid"
printf '%-44s %14d %8d\n' "ajv 8 + ajv-formats (JSON.parse + validate)" "$theirs" "$theirs_valid"
awk -v o="$ours" -v t="$theirs" 'BEGIN { printf "icopilot / ajv                  %6.2fx  (target >= 1x)\n", o / t }'

read -r d4 d4_total d2020 d2020_total < <(node bench/ajv_suite.mjs tests/schema/json-schema-test-suite | awk '{printf "%s %s ", $2, $3} END {print ""}')
ours_suite=$(build/release/tests/schema_test --gtest_filter='JsonSchemaTestSuite.*' 2>/dev/null | grep 'JSON Schema Test Suite')
printf '\nJSON Schema Test Suite, required tests\n'
printf '  ajv 8:    draft4 %d/%d, draft2020-12 %d/%d\n' "$d4" "$d4_total" "$d2020" "$d2020_total"
sed -E 's/^JSON Schema Test Suite, ([^:]+): required ([0-9]+\/[0-9]+).*/  icopilot: \1 \2/' <<<"$ours_suite"

read -r rate made < <("$BENCH" generate 20000)
printf '\nGenerator: %d valid instances/s of a small object schema (target >= 100,000)\n' "$rate"
