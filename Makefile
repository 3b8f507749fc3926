# One command to set up and serve, one to test. Needs only python3.11 and make.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
EVAL ?= ../shared/eval/polnear-dev.jsonl

SUDO := $(shell test "$$(id -u)" -eq 0 || echo sudo)

.PHONY: serve test lint lock audit openapi eval bench browser screenshot clean nginx java

# The pip that installs the locks is itself pinned by hash (requirements-pip.lock), whatever
# pip the Python on the machine bundles: no install depends on that pip or on the day.
PIP_VERSION := 26.3

$(VENV)/.pip: requirements-pip.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --require-hashes -r requirements-pip.lock
	touch $@

# The same steps as the Dockerfile: the pinned pip, then every package of the lock exactly as
# locked (--no-deps: nothing resolved on the day; pip check proves the lock complete), then
# the package itself, built with the locked setuptools rather than the newest on the index.
$(VENV)/.runtime: requirements.lock pyproject.toml $(VENV)/.pip
	$(BIN)/pip install -q --require-hashes --no-deps -r requirements.lock
	$(BIN)/pip check
	$(BIN)/pip install -q --no-deps --no-build-isolation -e .
	touch $@

$(VENV)/.dev: requirements-dev.lock pyproject.toml $(VENV)/.runtime
	$(BIN)/pip install -q --require-hashes --no-deps -r requirements-dev.lock
	$(BIN)/pip check
	touch $@

# nginx in front of gunicorn (README "Running in production"): from Debian, once.
nginx:
	@command -v nginx >/dev/null || test -x /usr/sbin/nginx || { echo "Installing Debian's nginx (apt-get)"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get -o DPkg::Lock::Timeout=600 \
	  install -y -qq --no-install-recommends nginx >/dev/null; }

# Debian's chromium for the browser test (tests/test_frontpage.py): Playwright drives it and
# never downloads a browser of its own. Installed once, only where it is missing.
browser:
	@command -v chromium >/dev/null || { echo "Installing Debian's chromium for the browser test (apt-get)"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get -o DPkg::Lock::Timeout=600 \
	  install -y -qq chromium >/dev/null; }

# The Spark job (quotes-spark, its tests and benchmark) needs Java; Debian's, when there is none.
java:
	@command -v java >/dev/null || { echo "Installing Debian's Java for Spark (apt-get)"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get -o DPkg::Lock::Timeout=600 \
	  install -y -qq openjdk-17-jre-headless >/dev/null; }

serve: $(VENV)/.runtime nginx  ## set up and run the production stack on http://127.0.0.1:8000
	$(BIN)/quotes-serve

test: $(VENV)/.dev nginx browser java lint  ## the whole test suite
	$(BIN)/pytest -q

screenshot: $(VENV)/.dev browser  ## docs/frontpage.png, the README's picture, taken by the browser test
	$(BIN)/pytest -q tests/test_frontpage.py -k seed_article
	mkdir -p docs && cp build/artefacts/frontpage.png docs/frontpage.png

lint: $(VENV)/.dev
	$(BIN)/ruff check api tests benchmarks
	$(BIN)/ruff format --check api tests benchmarks
	$(BIN)/mypy

# The lock files from pyproject.toml (and PIP_VERSION), hash-pinned; add --upgrade to move to
# the newest releases.
# requirements-pip.lock: the tools that install and build, pip and the setuptools the runtime
# lock pins (the Dockerfile's build stage makes the wheel with them, and nothing else).
lock: $(VENV)/.dev  ## regenerate requirements.lock, requirements-dev.lock, requirements-cluster.lock and requirements-pip.lock
	$(BIN)/uv pip compile pyproject.toml --generate-hashes --no-header --python-version 3.11 -q $(LOCKFLAGS) -o requirements.lock
	$(BIN)/uv pip compile pyproject.toml --extra dev --generate-hashes --no-header --python-version 3.11 -q $(LOCKFLAGS) -o requirements-dev.lock
	$(BIN)/uv pip compile pyproject.toml --extra cluster --generate-hashes --no-header --python-version 3.11 -q $(LOCKFLAGS) -o requirements-cluster.lock
	{ echo "pip==$(PIP_VERSION)"; grep -o '^setuptools==[^ ]*' requirements.lock; } \
	  | $(BIN)/uv pip compile - --generate-hashes --no-header --python-version 3.11 -q -o requirements-pip.lock

# Known vulnerabilities in every pinned package (README, "Dependency audit"). Needs pypi.org's
# JSON API, or api.osv.dev with AUDITFLAGS="-s osv"; --strict fails when a package cannot be looked up.
audit: $(VENV)/.dev  ## audit both lock files with pip-audit
	$(BIN)/uv tool run pip-audit --strict --disable-pip --no-deps --progress-spinner off $(AUDITFLAGS) \
		-r requirements.lock -r requirements-dev.lock -r requirements-cluster.lock

openapi: $(VENV)/.dev  ## regenerate openapi.yaml from the schemas
	FLASK_APP=api.web.wsgi $(BIN)/flask openapi write --format yaml openapi.yaml

eval: $(VENV)/.runtime  ## score the engine on the annotated dev articles
	$(BIN)/quotes-eval $(EVAL)

bench: $(VENV)/.dev java  ## all benchmarks; figures go to BENCHMARKS.md by hand
	$(BIN)/python -m benchmarks.run --eval $(EVAL)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
