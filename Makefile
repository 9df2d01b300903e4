# The two commands of the README: `make run` and `make test`. Each installs what is
# missing, builds, and runs.
.PHONY: all deps build-dev build-release build-fuzz build-tsan run test test-dev test-release test-tsan fuzz bench clean format

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
# and UndefinedBehaviorSanitizer, then the concurrent parts under ThreadSanitizer, then
# each fuzz target for a bounded number of runs.
test: test-release test-dev test-tsan fuzz

test-release: build-release
	ctest --preset release

test-dev: build-dev
	ctest --preset dev

# The tests of what runs on several threads at once: the spec arena, the HTTP server, the
# mock, the golden runner against the mock (one run, three concurrent runs repeated, and
# the corpus sample). A race is a failure even when it does not crash.
TSAN_TESTS = core_test net_test mock_test golden_runner_test golden_stress_test golden_corpus_test services_test store_test
build-tsan: deps
	@cmake --preset tsan >/dev/null
	@cmake --build --preset tsan -j $(JOBS) --target $(TSAN_TESTS)

test-tsan: build-tsan
	@for t in $(TSAN_TESTS); do \
	  echo "tsan: $$t"; \
	  TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 suppressions=$(CURDIR)/tests/tsan.supp" \
	    ICOPILOT_GOLDEN_CORPUS_STRIDE=90 ICOPILOT_STRESS_ROUNDS=3 \
	    build/tsan/tests/$$t --gtest_brief=1 >build/tsan/$$t.log 2>&1 \
	  || { tail -60 build/tsan/$$t.log; exit 1; }; \
	done
	@# The store's pool, transactions and change listener, and the services that share work
	@# between instances (rate budgets), again on PostgreSQL (a throwaway server).
	@scripts/postgres-throwaway start build/tsan/postgres >/dev/null
	@for t in store_test services_test; do \
	  echo "tsan: $$t on PostgreSQL"; \
	  TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 suppressions=$(CURDIR)/tests/tsan.supp" \
	    ICOPILOT_TEST_ENGINE=postgres build/tsan/tests/$$t --gtest_brief=1 >build/tsan/$$t.postgres.log 2>&1 \
	  || { tail -60 build/tsan/$$t.postgres.log; scripts/postgres-throwaway stop build/tsan/postgres; exit 1; }; \
	done
	@scripts/postgres-throwaway stop build/tsan/postgres

# A fixed seed keeps CI deterministic; `make fuzz FUZZ_RUNS=1000000 FUZZ_SEED=0` explores.
FUZZ_RUNS ?= 20000
FUZZ_SEED ?= 1
fuzz: build-fuzz
	@for target in json json_split http_inputs cidr units yaml_config spec_loader schema mock_request form_body golden_response har ingest condition saved_case plan_template certificate assistant database_url jwt; do \
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
