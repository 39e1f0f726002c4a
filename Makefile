# Two commands a newcomer needs: `make run` and `make test`. Everything else is set up by them.
# `make run` serves the site and runs the queue worker together (Procfile, honcho).
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: install run test lint messages screenshots bench bench-import mutants

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: install
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_demo --if-empty
	$(VENV)/bin/honcho start --no-prefix -f Procfile

test: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest

lint: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Regenerates the message catalogues (needs GNU gettext) and compiles them.
messages: install
	$(PY) manage.py makemessages --locale id --locale en --ignore '.venv/*' --no-obsolete
	$(PY) manage.py compilemessages --ignore '.venv/*'

# The gallery in docs/screenshots/ (README, user guide): the demo city in a database of its own,
# each role's main pages in Chromium. Needs Debian's Chromium (apt-get install chromium).
screenshots: install
	$(PY) manage.py screenshots

# Import of a generated 50,000-row spreadsheet into a separate benchmark database: time and memory.
bench-import: install
	$(PY) -m bench.import_50k --rows 50000

# National-scale benchmark: generates the data once (bench/generate.py), then page timings and
# query counts (bench/run.py) and a load run under gunicorn with wrk (bench/load.py).
bench: install
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(PY) -m bench.run
	$(PY) -m bench.load

# Mutation testing of the rule modules (mutmut): the share of mutants the suite kills, per module.
# Slow (tens of minutes); not part of `make test`. See docs/mutants.md.
mutants: install
	$(PY) -m tests.mutants
