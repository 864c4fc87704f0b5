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

.PHONY: ci all setup build web run test test-cpp test-sqlite test-postgres test-web test-e2e \
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
test: build format-check test-sqlite test-postgres test-web test-e2e

# What CI runs: the lint first, then the README's test command.
ci: lint test

test-sqlite:
	@echo "== C++ tests on SQLite"
	cd $(BUILD_DIR) && ctest -j $(JOBS) --output-on-failure --timeout 300

test-postgres:
	@echo "== C++ tests on PostgreSQL"
	cd $(BUILD_DIR) && ../scripts/with-postgres.sh ctest -j $(JOBS) --output-on-failure --timeout 300

test-web:
	@if [ -f web/package.json ]; then echo "== Portal unit tests"; cd web && npm test --silent; fi

test-e2e:
	@if [ -f tests/e2e/package.json ]; then echo "== Browser tests"; \
	  cd tests/e2e && STRATA_BIN=$(abspath $(STRATA)) node --test; fi

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
