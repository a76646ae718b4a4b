# The README's commands. `make run` sets up everything and serves the demo; `make test` runs the suite.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run install messages compilemessages migrate demo test lint format bench clean

run: install compilemessages migrate demo ## set up and serve the demo site on http://127.0.0.1:8000
	@echo "==> Serving on http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"
	DEBUG=1 $(MANAGE) runserver $(HOST):$(PORT)

install: $(VENV)/.installed ## create .venv and install the project with its dev tools

$(VENV)/.installed: pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) not found: install Python 3.11"; exit 1; }
	@echo "==> Creating $(VENV) and installing the project"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	@$(BIN)/python -c "import weasyprint" 2>/dev/null || echo "WARNING: WeasyPrint cannot load Pango, so referral sheets cannot be made as PDF. On Debian: sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0"
	touch $@

compilemessages: install ## compile locale/*.po into .mo (Babel: no system gettext needed)
	$(BIN)/pybabel compile --statistics -d locale -D django

messages: install ## re-extract strings into locale/*.po (needs GNU gettext)
	$(MANAGE) makemessages --all --no-obsolete --ignore=.venv --ignore=bench

migrate: install
	$(MANAGE) migrate --no-input

demo: migrate ## load the demo data and demo accounts (idempotent)
	$(MANAGE) load_demo --with-users

# BROWSER=no leaves out the real-browser tests (CI runs them once, in its PostgreSQL run).
BROWSER ?= yes
# COVERAGE=yes measures the run over every app (pytest-cov, so the parallel workers count too)
# and fails under the floor ([tool.coverage] in pyproject.toml); CI's SQLite run does.
COVERAGE ?= no
# The suite runs on JOBS processes (pytest-xdist; each its own test database, a file's tests
# together in one of them): auto is one a core. JOBS=0 runs it in this process.
JOBS ?= auto

test: install compilemessages ## run the whole test suite (DATABASE_URL picks the database)
	$(BIN)/pytest -n $(JOBS) --dist loadfile --ignore=tests/browser -m "not serial" \
	  $(if $(filter yes,$(COVERAGE)),--cov --cov-report=)
	$(BIN)/pytest --ignore=tests/browser -m serial \
	  $(if $(filter yes,$(COVERAGE)),--cov --cov-append --cov-report=term-missing:skip-covered)
	@# The real-browser tests (live server, transactional database) in a session of their own:
	@# sharing one with the rest, their database flushes failed (docs/architecture.md).
	@if [ "$(BROWSER)" = no ]; then echo "BROWSER=no: browser tests left out"; else $(BIN)/pytest tests/browser; fi

bench: install ## seed 100,000 listings on a throwaway PostgreSQL and benchmark the API (bench/README.md)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) db.sqlite3 static .pytest_cache .coverage
	find locale -name '*.mo' -delete
