# One command to set up and serve, one to test. Needs only python3.11 and make.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
EVAL ?= ../shared/eval/polnear-dev.jsonl

.PHONY: serve test lint lock openapi eval bench clean java

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

# The same two steps as the Dockerfile: hash-pinned dependencies, then the package.
$(VENV)/.runtime: requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q --require-hashes -r requirements.lock
	$(BIN)/pip install -q --no-deps -e .
	touch $@

$(VENV)/.dev: requirements-dev.lock pyproject.toml $(VENV)/.runtime
	$(BIN)/pip install -q --require-hashes -r requirements-dev.lock
	touch $@

# The Spark job (quotes-spark, its tests and benchmark) needs Java; Debian's, when there is none.
java:
	@command -v java >/dev/null || (apt-get update -qq && apt-get install -y -qq openjdk-17-jre-headless)

serve: $(VENV)/.runtime  ## set up and run the service on http://127.0.0.1:8000
	$(BIN)/gunicorn -c gunicorn.conf.py api.wsgi:app

test: $(VENV)/.dev java lint  ## the whole test suite
	$(BIN)/pytest -q

lint: $(VENV)/.dev
	$(BIN)/ruff check api tests benchmarks
	$(BIN)/ruff format --check api tests benchmarks
	$(BIN)/mypy

# Both lock files from pyproject.toml, hash-pinned; add --upgrade to move to the newest releases.
lock: $(VENV)/.dev  ## regenerate requirements.lock and requirements-dev.lock
	$(BIN)/uv pip compile pyproject.toml --generate-hashes --no-header --python-version 3.11 -q $(LOCKFLAGS) -o requirements.lock
	$(BIN)/uv pip compile pyproject.toml --extra dev --generate-hashes --no-header --python-version 3.11 -q $(LOCKFLAGS) -o requirements-dev.lock

openapi: $(VENV)/.dev  ## regenerate openapi.yaml from the schemas
	FLASK_APP=api.wsgi $(BIN)/flask openapi write --format yaml openapi.yaml

eval: $(VENV)/.runtime  ## score the engine on the annotated dev articles
	$(BIN)/quotes-eval $(EVAL)

bench: $(VENV)/.dev java  ## all benchmarks; figures go to BENCHMARKS.md by hand
	$(BIN)/python -m benchmarks.run --eval $(EVAL)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
