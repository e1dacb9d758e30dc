# chiso — two commands to start: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# The compiled message catalogues are built from their .po sources, never committed.
CATALOGUES := $(patsubst %.po,%.mo,$(wildcard src/chiso/locale/*/LC_MESSAGES/*.po src/chiso/web/locale/*/LC_MESSAGES/*.po \
	src/chiso/web/*/locale/*/LC_MESSAGES/*.po))

.PHONY: venv messages demo test test-sqlite test-postgres stress lint fix clean

venv: $(STAMP) $(CATALOGUES)

messages: $(CATALOGUES)

%.mo: %.po $(STAMP)
	$(BIN)/pybabel compile -i $< -o $@

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "chiso cần Python ≥ 3.11 (PYTHON=python3.11 make …)")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

## Build the Đắk Lắk demo database, print checks and evaluations, write outputs to out/.
demo: $(STAMP) $(CATALOGUES)
	$(BIN)/chiso demo --out out

## Every test: on SQLite, then on PostgreSQL when CHISO_TEST_DATABASE_URL is set.
test: test-sqlite test-postgres

test-sqlite: $(STAMP) $(CATALOGUES)
	@echo "== SQLite"
	env -u CHISO_TEST_DATABASE_URL -u CHISO_DATABASE_URL $(BIN)/pytest -q

test-postgres: $(STAMP) $(CATALOGUES)
	@if [ -n "$$CHISO_TEST_DATABASE_URL" ]; then \
		echo "== PostgreSQL: $$CHISO_TEST_DATABASE_URL"; \
		$(BIN)/pytest -q -m "not sqlite_only"; \
	else \
		echo "CHISO_TEST_DATABASE_URL is not set: PostgreSQL run skipped (.ci/run sets it)."; \
	fi

## Stress tests (off in `make test`): eight writers against `chiso serve` on SQLite, and on PostgreSQL when
## CHISO_TEST_DATABASE_URL is set; kill -9 during `chiso load` and `chiso dossiers compute --save`. About 5 minutes.
stress: $(STAMP) $(CATALOGUES)
	env -u CHISO_DATABASE_URL $(BIN)/pytest -q -m stress tests/stress

lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/mypy

fix: $(STAMP)
	$(BIN)/ruff check --fix src tests

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache
