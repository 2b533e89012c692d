# The two commands: `make demo` starts the gateway with demo data, `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test lint typecheck test-sqlite test-postgres openapi bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	mkdir -p var
	$(BIN)/gateway demo

test: lint typecheck test-sqlite test-postgres

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

test-sqlite: $(STAMP)
	GATEWAY_TEST_DATABASE=sqlite $(BIN)/pytest -n 2

test-postgres: $(STAMP)
	@if [ -n "$$GATEWAY_TEST_POSTGRES_URL" ]; then \
		GATEWAY_TEST_DATABASE=postgres $(BIN)/pytest -n 2; \
	else \
		echo "GATEWAY_TEST_POSTGRES_URL is not set: the PostgreSQL leg is not run"; \
	fi

openapi: $(STAMP)
	$(BIN)/gateway openapi --output openapi/openapi.json

bench: $(STAMP)
	$(BIN)/python -m bench.registry
	@if [ -n "$$GATEWAY_TEST_POSTGRES_URL" ]; then $(BIN)/python -m bench.load; \
	else echo "GATEWAY_TEST_POSTGRES_URL is not set: bench.load (PostgreSQL) is not run"; fi

clean:
	rm -rf $(VENV) var build *.egg-info
