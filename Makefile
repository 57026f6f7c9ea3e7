# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test mutate demo bench clean-var lock system-deps frontend templates readme-images screenshots

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

test: $(STAMP) system-deps frontend
	$(BIN)/lint-imports --config .importlinter
	$(BIN)/python -m pytest $(PYTEST_ARGS)

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

clean-var:
	rm -rf var

lock: $(STAMP)
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^-e ' > requirements.lock
