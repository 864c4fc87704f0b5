# Strata: `make run` serves the portal on http://localhost:8080; `make test` runs every test.
# Both install what is missing first (scripts/setup.sh).

BUILD_DIR ?= build
BUILD_TYPE ?= RelWithDebInfo
JOBS ?= $(shell nproc)
STRATA := $(BUILD_DIR)/strata
CMAKE_FLAGS ?=
# Let clones in other folders share the compiler cache.
export CCACHE_BASEDIR := $(CURDIR)
export CCACHE_NOHASHDIR := 1
ifdef CI
  CMAKE_FLAGS += -DSTRATA_WERROR=ON
endif

.PHONY: ci all setup build web run test test-full test-contract test-cpp test-sqlite test-postgres \
        test-web test-e2e \
        format format-check lint bench clean

all: build

setup:
	@scripts/setup.sh

$(BUILD_DIR)/build.ninja: CMakeLists.txt
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(CMAKE_FLAGS)

build: setup $(BUILD_DIR)/build.ninja web
	cmake --build $(BUILD_DIR) -j $(JOBS)

web:
	@if [ -f web/package.json ]; then cd web && npm run --silent build; fi

run: build
	$(STRATA) migrate
	$(STRATA) demo
	$(STRATA) serve --listen 127.0.0.1:8080

# Every C++ test on SQLite, then again on a throwaway PostgreSQL, then the portal's tests.
test: build format-check test-contract test-sqlite test-postgres test-web test-e2e

# The same, with the hostile-input walk sending every attack string into every field.
test-full:
	STRATA_HOSTILE_FULL=1 $(MAKE) test

# What CI runs (.ci/run): the lint, the sanitizers and fuzzing, then the README's test command.
ci: lint test-sanitize fuzz test

# The spec lints clean and the checker catches what it must; after each engine's run, every
# response the tests received is checked against the spec.
CONTRACT_LOG := $(abspath $(BUILD_DIR))/contract-log
test-contract:
	@echo "== API contract"
	@cd tests/contract && npm run --silent lint && node --test

test-sqlite:
	@echo "== C++ tests on SQLite"
	@rm -rf $(CONTRACT_LOG)/sqlite && mkdir -p $(CONTRACT_LOG)/sqlite
	cd $(BUILD_DIR) && STRATA_CONTRACT_LOG=$(CONTRACT_LOG)/sqlite \
	  ctest -j $(JOBS) --output-on-failure --timeout 300
	node tests/contract/check-responses.mjs $(CONTRACT_LOG)/sqlite

test-postgres:
	@echo "== C++ tests on PostgreSQL"
	@rm -rf $(CONTRACT_LOG)/postgresql && mkdir -p $(CONTRACT_LOG)/postgresql
	cd $(BUILD_DIR) && STRATA_CONTRACT_LOG=$(CONTRACT_LOG)/postgresql \
	  ../scripts/with-postgres.sh ctest -j $(JOBS) --output-on-failure --timeout 300
	node tests/contract/check-responses.mjs $(CONTRACT_LOG)/postgresql

test-web:
	@if [ -f web/package.json ]; then echo "== Portal unit tests"; cd web && npm test --silent; fi

test-e2e:
	@if [ -f tests/e2e/package.json ]; then echo "== Browser tests"; \
	  cd tests/e2e && STRATA_BIN=$(abspath $(STRATA)) node --test; fi

# The same tests under AddressSanitizer and UndefinedBehaviorSanitizer, built with clang in
# SANITIZE_DIR, whose tree also holds the libFuzzer targets (fuzz/) that `make fuzz` runs for
# SECONDS seconds each. Leaks fail a test; sanitizers/lsan.supp lists third-party exceptions.
SANITIZE_DIR ?= build-sanitize
SECONDS ?= 60
SANITIZE_CMAKE_FLAGS := -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=Debug \
  "-DCMAKE_CXX_FLAGS_DEBUG=-O1 -g" -DSTRATA_SANITIZE=ON -DSTRATA_FUZZ=ON
SANITIZER_ENV := \
  ASAN_OPTIONS=detect_leaks=1:halt_on_error=1:abort_on_error=1:check_initialization_order=1:strict_string_checks=1:detect_stack_use_after_return=1 \
  LSAN_OPTIONS=suppressions=$(CURDIR)/sanitizers/lsan.supp:print_suppressions=0 \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
.PHONY: sanitize-build test-sanitize fuzz

$(SANITIZE_DIR)/build.ninja: CMakeLists.txt
	cmake -S . -B $(SANITIZE_DIR) -G Ninja $(SANITIZE_CMAKE_FLAGS) $(CMAKE_FLAGS)

sanitize-build: setup $(SANITIZE_DIR)/build.ninja
	cmake --build $(SANITIZE_DIR) -j $(JOBS)

test-sanitize: sanitize-build
	@echo "== C++ tests under ASan and UBSan on SQLite"
	cd $(SANITIZE_DIR) && env $(SANITIZER_ENV) ctest -j $(JOBS) --output-on-failure --timeout 600
	@echo "== C++ tests under ASan and UBSan on PostgreSQL"
	cd $(SANITIZE_DIR) && env $(SANITIZER_ENV) ../scripts/with-postgres.sh \
	  ctest -j $(JOBS) --output-on-failure --timeout 600

fuzz: sanitize-build
	@env $(SANITIZER_ENV) fuzz/run.sh $(SANITIZE_DIR) $(SECONDS)

SOURCES = $(shell git ls-files 'src/*.cpp' 'src/*.h' 'tests/*.cpp' 'tests/*.h')

format:
	clang-format -i $(SOURCES)

format-check:
	@clang-format --dry-run --Werror $(SOURCES) && echo "clang-format: clean"

# clang-tidy over every source, two files at a time; any finding fails (.clang-tidy).
lint: build
	@echo "== clang-tidy"
	@echo $(filter %.cpp,$(SOURCES)) | xargs -n 1 -P $(JOBS) clang-tidy -p $(BUILD_DIR) --quiet 2>/dev/null
	@echo "clang-tidy: clean"

bench: build
	@scripts/setup.sh --bench
	bench/http.sh

clean:
	rm -rf $(BUILD_DIR) web/dist
