# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-sqlite test-postgres mutate demo bench bench-load clean-var lock system-deps frontend templates readme-images screenshots

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev]'
	touch $(STAMP)

# `make run` is a local trial: demo users and a demo login (TEGENSPRAAK_DEMO=1; set it to 0 for real use).
run: $(STAMP) frontend
	TEGENSPRAAK_DEMO=$${TEGENSPRAAK_DEMO:-1} $(BIN)/python -m scripts.run

system-deps:
	scripts/install_system_deps.sh

# The workspace's CSS/JS and the API docs' bundles from the npm registry (package-lock.json) into api/static/vendor/;
# idempotent: a second run only compares a stamp.
frontend:
	scripts/install_frontend.sh

# The suite twice: on SQLite, then on PostgreSQL (scripts/postgres.sh's cluster under var/postgres, started first so
# that the tests that need PostgreSQL whatever the pass find it in the SQLite pass too). Both passes always run;
# `make test` fails if either fails. A pass that collects no tests (pytest's exit 5, e.g. a PYTEST_ARGS that selects
# nothing) is a loud warning, not a failure, as .ci/run has always treated it: make itself cannot pass 5 on.
PYTEST := $(BIN)/python -m pytest
PYTEST_SQLITE := env -u TEGENSPRAAK_TEST_POSTGRES_URL $(PYTEST)
PYTEST_POSTGRES = TEGENSPRAAK_TEST_POSTGRES_URL="$$(scripts/postgres.sh url)" $(PYTEST)

test: $(STAMP) system-deps frontend
	$(BIN)/lint-imports --config .importlinter
	scripts/postgres.sh start
	@echo "== pass 1/2: SQLite =="; \
	sqlite=0; $(PYTEST_SQLITE) $(PYTEST_ARGS) || sqlite=$$?; \
	echo "== pass 2/2: PostgreSQL =="; \
	postgres=0; scripts/postgres.sh start && $(PYTEST_POSTGRES) $(PYTEST_ARGS) || postgres=$$?; \
	echo "== SQLite pass: exit $$sqlite; PostgreSQL pass: exit $$postgres =="; \
	for rc in $$sqlite $$postgres; do case $$rc in 0|5) ;; *) exit $$rc ;; esac; done; \
	if [ $$sqlite -eq 5 ] || [ $$postgres -eq 5 ]; then echo "WARNING: pytest collected no tests in a pass" >&2; fi

# One pass only, for developers.
test-sqlite: $(STAMP) frontend
	$(PYTEST_SQLITE) $(PYTEST_ARGS)

test-postgres: $(STAMP) system-deps frontend
	scripts/postgres.sh start
	$(PYTEST_POSTGRES) $(PYTEST_ARGS)

# Mutation testing of the rule modules (mutmut); prints the kill rate per module and the survivors.
mutate: $(STAMP)
	$(BIN)/python -m scripts.mutate $(MUTATE_ARGS)

demo: $(STAMP)
	TEGENSPRAAK_DEMO=1 $(BIN)/python -m scripts.demo

# Screenshots of the workspace pages (Mijn werk, the draft form, the review page) into docs/, on a throw-away database.
screenshots: $(STAMP) system-deps frontend
	TEGENSPRAAK_DEMO=1 $(BIN)/python -m scripts.screenshots $(SCREENSHOTS_ARGS)

# Regenerate the .docx templates from scripts/template_*.py (the generated files are committed).
templates: $(STAMP)
	$(BIN)/python -m scripts.make_templates

# The README's page images of the demo documents (plays the demo first when var/demo has none).
readme-images: $(STAMP) system-deps
	TEGENSPRAAK_DEMO=1 $(BIN)/python -m scripts.readme_images

bench: $(STAMP)
	$(BIN)/python -m benchmarks

# Whole OTS cases through the API and the flows (N=200, C=20, 3 workers, PostgreSQL; see docs/load-figures.md).
bench-load: $(STAMP) system-deps frontend
	$(BIN)/python -m benchmarks.load $(LOAD_ARGS)

clean-var:
	rm -rf var

lock: $(STAMP)
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^-e ' > requirements.lock
