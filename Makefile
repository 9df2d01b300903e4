# The two commands of the README: `make run` and `make test`. Each installs what is
# missing, builds, and runs.
.PHONY: all deps build-dev build-release run test test-release bench clean format

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

# The whole suite under AddressSanitizer and UndefinedBehaviorSanitizer.
test: build-dev
	ctest --preset dev

test-release: build-release
	ctest --preset release

bench: deps
	@scripts/install-deps --bench
	@cmake --preset release >/dev/null
	@cmake --build --preset release -j $(JOBS)
	bench/run

format:
	@git ls-files '*.cc' '*.h' | xargs clang-format -i

clean:
	rm -rf build
