# Sightline developer and operator commands. `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help
export UV_LINK_MODE := copy
# uv from PATH, else the one pip installs as a Python module (make install does that on a fresh machine).
UV ?= $(shell command -v uv 2>/dev/null || echo python3 -m uv)
PY := $(UV) run --frozen
DEV_ENV = DEBUG=true SIGHTLINE_DEMO=true SITE_URL=http://$(HOST):$(PORT)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help
help: ## List the commands
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-16s %s\n", $$1, $$2}'

.PHONY: install
install: ## Install Python and front-end dependencies (uv, npm)
	@command -v uv >/dev/null 2>&1 || python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install --quiet uv
	$(UV) sync --frozen
	npm ci --no-audit --no-fund --loglevel=error
	@# WeasyPrint draws the PDF exports with Pango from the system's packages.
	@ldconfig -p | grep -q libpangoft2-1.0 || { command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ] \
	  && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 >/dev/null; } \
	  || echo "Install Pango (Debian: libpango-1.0-0 libpangoft2-1.0-0) for the PDF exports."

.PHONY: assets
assets: ## Build the stylesheet and copy scripts and images into static/dist
	mkdir -p static/dist/assets
	npx sass --no-source-map --style=compressed --quiet-deps --load-path=node_modules/govuk-frontend/dist \
	  frontend/scss/main.scss static/dist/sightline.css
	cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js static/dist/
	cp frontend/js/sightline.js static/dist/
	cp node_modules/htmx.org/dist/htmx.min.js static/dist/
	cp -r node_modules/govuk-frontend/dist/govuk/assets/images static/dist/assets/
	cp frontend/favicon.svg static/dist/favicon.svg
	DEBUG=true $(PY) python manage.py collectstatic --no-input --verbosity 0

.PHONY: migrate
migrate: ## Create or update the database (SQLite under var/ unless DATABASE_URL is set)
	mkdir -p var
	$(DEV_ENV) $(PY) python manage.py migrate --no-input
	$(DEV_ENV) $(PY) python manage.py createcachetable

.PHONY: demo
demo: ## Load the demo partnership (idempotent; refused unless DEBUG is on)
	$(DEV_ENV) $(PY) python manage.py load_templates
	$(DEV_ENV) $(PY) python manage.py load_demo

.PHONY: run
run: install assets migrate demo ## Set up everything and serve the demo on http://127.0.0.1:8000 with the worker and scheduler
	@$(DEV_ENV) $(PY) python manage.py demo_logins
	@trap 'kill 0' EXIT INT TERM; \
	  $(DEV_ENV) $(PY) python manage.py db_worker --interval 1 & \
	  $(DEV_ENV) $(PY) python manage.py run_scheduler & \
	  $(DEV_ENV) $(PY) python manage.py runserver $(HOST):$(PORT) --noreload; \
	  wait

.PHONY: lint
lint: ## Ruff and the import contracts
	$(PY) ruff check .
	$(PY) ruff format --check .
	$(PY) lint-imports

.PHONY: check
check: ## Django's system checks, including the production deployment checks
	$(DEV_ENV) $(PY) python manage.py check
	@# Production settings on an empty database: var/'s demo database is refused with DEBUG off (sightline.E001).
	DEBUG=false SECRET_KEY=check-deploy-$$(date +%s)-a-long-random-value-for-the-check-only-0123456789 \
	  DATABASE_URL=sqlite:///:memory: ALLOWED_HOSTS=sightline.example.org SITE_URL=https://sightline.example.org \
	  DEFAULT_FROM_EMAIL=sightline@example.org AUDIT_CHECKPOINT_EMAIL=audit@example.org \
	  AUDIT_CHECKPOINT_KEY=check-deploy-audit-checkpoint-key-used-for-the-check-only-0123456789 \
	  $(PY) python manage.py check --deploy --fail-level WARNING

.PHONY: test
test: install assets lint security-static check ## Lint, import contracts, bandit, pip-audit, checks and the whole test suite (browser tests included)
	$(PY) pytest

.PHONY: fmt
fmt: ## Format the code
	$(PY) ruff format .
	$(PY) ruff check --fix .

.PHONY: access
access: ## Write docs/access.md, the role table, from the access policy (in a throwaway database)
	$(DEV_ENV) $(PY) python manage.py access_table --write

.PHONY: verify-audit
verify-audit: ## Prove the audit trail's hash chain
	$(DEV_ENV) $(PY) python manage.py verify_audit_log

.PHONY: clean
clean: ## Remove the local database, built assets and sent demo mail
	rm -rf var static/dist

.PHONY: security-static
security-static: ## bandit over the app code and pip-audit over the locked dependencies (part of make test)
	$(PY) bandit -c pyproject.toml -r sightline config --quiet
	@echo "bandit: no issues in sightline/ or config/ (reviewed skips, each with its reason, in pyproject.toml)"
	@mkdir -p build/security
	$(UV) export --frozen --no-hashes --no-emit-project --all-groups --quiet -o build/security/requirements.txt
	$(PY) python tests/security/tools/pip_audit_gate.py build/security/requirements.txt

.PHONY: drills
drills: install assets ## Reliability drills on PostgreSQL: deadline spike, duplicate task, restart under load, backup and restore (report in build/drills/)
	@pg_isready -h 127.0.0.1 -p 5432 -q || { echo "make drills needs PostgreSQL on 127.0.0.1:5432 (user postgres)"; exit 1; }
	$(PY) python -m drills $(DRILLS)

WAPITI_VENV := .venv-wapiti
# A longer or narrower scan: make security WAPITI_ARGS="--modules sql,xss --module-seconds 600"
WAPITI_ARGS ?=
.PHONY: security
security: install assets ## Scan the demo server on 127.0.0.1 with wapiti3 3.2.3 as the business team (report in build/security/)
	@$(WAPITI_VENV)/bin/pip show wapiti3 2>/dev/null | grep -qx 'Version: 3.2.3' || \
	  { rm -rf $(WAPITI_VENV) && python3 -m venv $(WAPITI_VENV) && \
	    $(WAPITI_VENV)/bin/pip install --quiet --disable-pip-version-check wapiti3==3.2.3; }
	$(PY) python tests/security/tools/wapiti_scan.py --wapiti $(WAPITI_VENV)/bin/wapiti --out build/security $(WAPITI_ARGS)

# A shorter or narrower run: make bench BENCH_ARGS="--scales partnership --requests 50"
BENCH_ARGS ?=
.PHONY: bench
bench: install assets ## Benchmark every page under load on PostgreSQL (127.0.0.1) at partnership and county scale (report in build/bench/)
	@pg_isready -h 127.0.0.1 -p 5432 -q || { echo "make bench needs PostgreSQL on 127.0.0.1:5432 (user postgres)"; exit 1; }
	$(PY) python bench/run.py $(BENCH_ARGS)
