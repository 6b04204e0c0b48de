# Two commands do everything on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
TEST_DB_URL ?= postgresql+pg8000://postgres@127.0.0.1:5432/logis_test

.PHONY: run test install ocr services lint typecheck unit bench superuser clean-local check-infra

$(STAMP): requirements.txt requirements-dev.txt
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is required"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(STAMP)

## the DVF grouper (native/dvf_grouper, Rust, no dependency): a shared library that
## common/dvf/grouper.py loads; cargo is looked up on PATH, then in ~/.cargo/bin
GROUPER := common/dvf/_native/libdvf_grouper.so
GROUPER_CRATE := native/dvf_grouper
CARGO ?= $(shell command -v cargo || echo $(HOME)/.cargo/bin/cargo)
$(GROUPER): $(GROUPER_CRATE)/Cargo.toml $(GROUPER_CRATE)/Cargo.lock $(wildcard $(GROUPER_CRATE)/src/*.rs)
	@test -x "$(CARGO)" || { echo "Rust's cargo is required to build $(GROUPER_CRATE)"; exit 1; }
	$(CARGO) build --quiet --release --offline --locked --manifest-path $(GROUPER_CRATE)/Cargo.toml
	mkdir -p $(@D)
	cp $(GROUPER_CRATE)/target/release/libdvf_grouper.so $@

install: $(STAMP) $(GROUPER) ocr

## ocr: tesseract with its French data (Debian packages) for the local AI provider's OCR;
## without apt the app still runs and says that scanned pages cannot be read
OCR_PACKAGES := tesseract-ocr tesseract-ocr-fra
OCR_APT := env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $(OCR_PACKAGES)
ocr:
	@if command -v tesseract >/dev/null && tesseract --list-langs 2>/dev/null | grep -qx fra; then \
		exit 0; \
	elif ! command -v apt-get >/dev/null; then \
		echo "OCR unavailable: no apt-get here; install tesseract with its French data (fra) to read scanned documents"; \
	else \
		if [ "$$(id -u)" = 0 ]; then sudo=""; elif sudo -n true 2>/dev/null; then sudo="sudo -n"; \
		else echo "OCR unavailable: installing $(OCR_PACKAGES) needs root or password-less sudo"; exit 0; fi; \
		$$sudo $(OCR_APT) </dev/null || { $$sudo apt-get update -q </dev/null && $$sudo $(OCR_APT) </dev/null; } \
			|| echo "OCR unavailable: apt-get could not install $(OCR_PACKAGES)"; \
	fi

## run: the whole collection at http://127.0.0.1:8080 on an embedded PostgreSQL in .local/
run: install
	$(PY) -m common.local up

## services: make sure the machine's PostgreSQL and Redis answer (CI and tests use them)
services:
	@pg_isready -q -h 127.0.0.1 -p 5432 || pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start
	@for i in $$(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
	@redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 || redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
	@for i in $$(seq 1 30); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 1; done

## test: lint, types, then the whole suite against the real PostgreSQL and Redis
test: install services lint typecheck
	$(CARGO) test --quiet --offline --locked --manifest-path $(GROUPER_CRATE)/Cargo.toml
	APP_ENV=test APP_DATABASE_URL=$(TEST_DB_URL) $(PY) -m pytest -q

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(CARGO) fmt --check --manifest-path $(GROUPER_CRATE)/Cargo.toml
	$(CARGO) clippy --quiet --offline --locked --release --manifest-path $(GROUPER_CRATE)/Cargo.toml -- -D warnings

typecheck: install
	$(VENV)/bin/mypy

## check-infra: checkov on infra/ (its own virtualenv: checkov pins packaging and
## python-dateutil below ours) and `terraform fmt -check` where terraform is installed;
## the offline Terraform/Cloud Build cross-checks are tests (tests/infra) run by `make test`
CHECKOV_VENV := .local/checkov
CHECKOV_STAMP := $(CHECKOV_VENV)/.installed
$(CHECKOV_STAMP): infra/requirements-checkov.txt
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is required"; exit 1; }
	test -x $(CHECKOV_VENV)/bin/python || $(PYTHON) -m venv $(CHECKOV_VENV)
	$(CHECKOV_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r infra/requirements-checkov.txt
	touch $(CHECKOV_STAMP)

check-infra: $(CHECKOV_STAMP)
	$(CHECKOV_VENV)/bin/checkov --directory infra --framework terraform --quiet --compact --skip-download
	@if command -v terraform >/dev/null; then TF_CLI_CONFIG_FILE=/dev/null terraform fmt -check -recursive infra; \
	else echo "terraform not installed: terraform fmt check skipped"; fi

## bench: cold imports of every function and warm GET /api/properties latency (printed)
bench: install services
	APP_ENV=test APP_DATABASE_URL=$(TEST_DB_URL) $(PY) -m bench.run_all

## superuser EMAIL=...: give an existing account the admin role
superuser: install
	$(PY) -m common.cli make-superuser $(EMAIL)

clean-local:
	$(PY) -m common.local down || true
	rm -rf .local
