# The two commands of the README: `make run` and `make test`. Each installs what is
# missing, builds, and runs.
.PHONY: all deps build-dev build-release build-fuzz run test test-dev test-release fuzz bench clean format

JOBS ?= $(shell nproc)

all: build-release

deps:
	@scripts/install-deps

build-dev: deps
	@cmake --preset dev >/dev/null
	@cmake --build --preset dev -j $(JOBS)

build-release: deps
	@cmake --preset release >/dev/null
	@cmake --build --preset release -j $(JOBS)

run: build-release
	@mkdir -p var
	build/release/src/cli/icopilot serve --demo --data var

build-fuzz: deps
	@cmake --preset fuzz >/dev/null
	@cmake --build --preset fuzz -j $(JOBS)

# Every test on the optimized build, then the whole suite again under AddressSanitizer
# and UndefinedBehaviorSanitizer, then each fuzz target for a bounded number of runs.
test: test-release test-dev fuzz

test-release: build-release
	ctest --preset release

test-dev: build-dev
	ctest --preset dev

# A fixed seed keeps CI deterministic; `make fuzz FUZZ_RUNS=1000000 FUZZ_SEED=0` explores.
FUZZ_RUNS ?= 20000
FUZZ_SEED ?= 1
fuzz: build-fuzz
	@for target in json json_split http_inputs cidr units yaml_config spec_loader schema mock_request form_body golden_response har ingest; do \
	  mkdir -p build/fuzz/corpus/$$target && \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/fuzz/lsan.supp build/fuzz/fuzz/$${target}_fuzz -runs=$(FUZZ_RUNS) -seed=$(FUZZ_SEED) -max_len=4096 -timeout=10 -artifact_prefix=build/fuzz/ \
	    build/fuzz/corpus/$$target fuzz/corpus/$$target 2>build/fuzz/$$target.log \
	  && echo "fuzz $$target: $(FUZZ_RUNS) runs, no crash" \
	  || { tail -40 build/fuzz/$$target.log; exit 1; }; \
	done

bench: deps
	@scripts/install-deps --bench
	@cmake --preset release >/dev/null
	@cmake --build --preset release -j $(JOBS)
	bench/run

format:
	@git ls-files '*.cc' '*.h' | xargs clang-format -i

clean:
	rm -rf build
