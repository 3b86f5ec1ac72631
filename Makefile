# Two commands matter: `make demo` (see the service work) and `make test`
# (everything CI checks). Both build their own environments from scratch.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
ONE_BLAS_THREAD := OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1
# The functions' glibc allocator settings (template.yaml's Globals), so that `make bench`
# measures arrays allocated as a function allocates them.
LAMBDA_ALLOCATOR := MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=33554432
SAM_VENV := .venv-sam
# sam build runs the layers' Makefiles, which need the venv's pip on PATH.
SAM := PATH="$(CURDIR)/$(BIN):$$PATH" SAM_CLI_TELEMETRY=0 $(SAM_VENV)/bin/sam

.PHONY: help install console-assets browser demo serve test lint pytest validate build build-size bench bench-http bench-service smoke soak dist clean

help:
	@echo "make demo     start the local API, exercise it, stop it"
	@echo "make test     lint, unit, integration, e2e, sam validate --lint, sam build"
	@echo "make serve    run the local API on http://127.0.0.1:3000 until Ctrl-C"
	@echo "make bench    engine benchmarks (ratios against plain numpy)"
	@echo "make bench-http     pooled vs fresh connections to the local runner"
	@echo "make bench-service  handler time and AWS calls per route; the runner under load"
	@echo "make dist     the graphgate wheel (engine, client, CLI) in dist/, to pip install anywhere"
	@echo "make smoke    e2e tests against GRAPHGATE_API_URL with GRAPHGATE_API_KEY"
	@echo "make soak     the long fuzzing, model, race, fault and load runs (docs/hardening.md)"

$(VENV)/.installed: requirements-dev.txt pyproject.toml layers/engine/requirements.txt \
		layers/engine/pyproject.toml layers/service/requirements.txt layers/service/pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

$(SAM_VENV)/.installed: requirements-sam.txt
	$(PYTHON) -m venv $(SAM_VENV)
	$(SAM_VENV)/bin/pip install --quiet --upgrade pip
	$(SAM_VENV)/bin/pip install --quiet -r requirements-sam.txt
	touch $@

install: $(VENV)/.installed $(SAM_VENV)/.installed

# The console's vendored JavaScript (Swagger UI for /docs; axe-core, which the
# browser tests run), from the npm registry at the versions package-lock.json
# pins; install scripts never run.
CONSOLE := functions/console
CONSOLE_VENDOR := $(CONSOLE)/static/swagger-ui-bundle.js $(CONSOLE)/static/swagger-ui.css \
	$(CONSOLE)/node_modules/axe-core/axe.min.js
console-assets: $(CONSOLE_VENDOR)
$(CONSOLE_VENDOR) &: $(CONSOLE)/package.json $(CONSOLE)/package-lock.json
	cd $(CONSOLE) && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	cp $(CONSOLE)/node_modules/swagger-ui-dist/swagger-ui-bundle.js \
		$(CONSOLE)/node_modules/swagger-ui-dist/swagger-ui.css $(CONSOLE)/static/
	touch $(CONSOLE_VENDOR)  # npm dates packaged files 1985: make would redo this every time

# The browser the console's end-to-end tests drive (tests/e2e/test_console.py):
# Debian's chromium, installed only where it is missing (CI runs as root).
browser:
	@test -x /usr/bin/chromium || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium; }

demo: $(VENV)/.installed console-assets
	$(BIN)/python scripts/demo.py

serve: $(VENV)/.installed console-assets
	$(BIN)/graphgate-local --port 3000

test: install console-assets browser lint pytest validate build build-size

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Unit tests are CPU-only, so they share out over the cores. The integration and HTTP
# suites run in two workers, a file at a time, each worker with its own local runner
# (a session fixture) on its own port: a test waits on its runner half the time, so two
# keep two cores busy. The fault and load tests bound wall-clock time against the
# function's timeout and measure throughput, so they run alone, after.
# Files go out longest first (tests/conftest.py's FILE_SECONDS, --no-loadscope-reorder:
# xdist's own order, most tests first, left a few long files to the end).
# One BLAS thread, as the functions run (template.yaml): workers do not fight over cores.
# A crashed HTTP worker ends the run (--max-worker-restart=0), naming the test it ran:
# under --dist=loadfile, pytest-xdist 3.8.0 gives a replacement worker the crashed one's
# finished files as empty work units and then waits for them forever (pytest-xdist#1378).
# Each group also runs under a whole-run guard (`guarded`: about three times its usual
# length on a loaded two-core machine), so that any other hang fails CI with a message
# rather than at the CI job's limit; a test of its own is bounded by pytest-timeout.
HTTP_SUITES := --ignore=tests/unit
TIMED := faults or load
# coreutils' timeout (macOS has it only as Homebrew's gtimeout; without either, no guard).
TIMEOUT := $(shell command -v timeout || command -v gtimeout)
guarded = $(ONE_BLAS_THREAD) $(if $(TIMEOUT),$(TIMEOUT) --kill-after=60 $(1)) $(BIN)/pytest $(2) || { status=$$?; \
	[ $$status -ne 124 ] || echo "make test: $(strip $(3)) were still running after $(1): stopped \
	(a hang?)" >&2; exit $$status; }
pytest: $(VENV)/.installed
	$(call guarded,30m,--numprocesses=auto --maxprocesses=4 --durations=10 tests/unit,the unit tests)
	$(call guarded,40m,--numprocesses=2 --dist=loadfile --no-loadscope-reorder \
		--max-worker-restart=0 --durations=15 -m "not soak and not ($(TIMED))" $(HTTP_SUITES),\
		the integration and HTTP tests)
	$(call guarded,15m,--durations=5 -m "not soak and ($(TIMED))" $(HTTP_SUITES),\
		the fault and load tests)

validate: $(SAM_VENV)/.installed
	$(SAM) validate --lint

build: $(SAM_VENV)/.installed $(VENV)/.installed console-assets
	$(SAM) build

build-size: $(VENV)/.installed
	$(BIN)/python scripts/build_size.py .aws-sam/build

# A machine may pin OpenBLAS's kernel (OPENBLAS_CORETYPE, with OPENBLAS_L2_SIZE) for older
# builds that crash on its processor, and the tests pin Haswell's (tests/conftest.py: their
# recorded bits came from it); numpy's current build then runs an older, slower kernel
# (Haswell's sgemm at half the speed on an AVX-512 machine). The benchmark measures against a
# current numpy, so it unsets both for itself alone.
bench: $(VENV)/.installed
	env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE $(ONE_BLAS_THREAD) $(LAMBDA_ALLOCATOR) $(BIN)/python benchmarks/engine_bench.py

bench-http: $(VENV)/.installed
	$(BIN)/python benchmarks/http_bench.py

bench-service: $(VENV)/.installed
	$(ONE_BLAS_THREAD) $(BIN)/python benchmarks/handler_time.py
	$(BIN)/python benchmarks/runner_load.py 3 15

smoke: $(VENV)/.installed
	$(BIN)/pytest tests/e2e -m e2e

# The hardening suites with the `soak` hypothesis profile (more cases, rounds
# and time each), plus the tests marked soak that `make test` leaves out.
HARDENING := tests/e2e/test_fuzz.py tests/e2e/test_model.py tests/e2e/test_races.py \
	tests/e2e/test_faults.py tests/e2e/test_load.py tests/e2e/test_secrets.py \
	tests/e2e/test_batches.py tests/unit/engine/test_tf1_fuzzsess.py
# One BLAS thread as in `pytest`: the batch tests compare a runner's outputs with local
# runs bit for bit, and a multi-threaded sgemm sums in another order (last-bit differences).
soak: $(VENV)/.installed
	$(ONE_BLAS_THREAD) HYPOTHESIS_PROFILE=soak $(BIN)/pytest $(HARDENING) -m "soak or not soak" --timeout 3600

# graphgate is not on a package index: this wheel is how it reaches another
# environment (`pip install "dist/graphgate-<version>-py3-none-any.whl[client]"`).
dist: $(VENV)/.installed
	rm -rf dist layers/engine/build
	$(BIN)/pip wheel --quiet --no-deps --wheel-dir dist ./layers/engine
	rm -rf layers/engine/build
	@ls dist/*.whl

clean:
	rm -rf .aws-sam .pytest_cache .ruff_cache .hypothesis dist
