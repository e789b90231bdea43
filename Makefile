# groupscope: `make serve` runs the app, `make test` runs every check CI runs.
SHELL := /bin/bash
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export TRUNK_OFFLINE := true
export TRUNK_SKIP_VERSION_CHECK := true
export CHROMEDRIVER := /usr/bin/chromedriver
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER := wasm-bindgen-test-runner
export WASM_BINDGEN_TEST_TIMEOUT := 120
PORT ?= 8080

.PHONY: setup build serve test test-native clippy test-web test-e2e test-realclient size fmt-check layers

setup:
	@scripts/setup.sh

build: setup
	trunk build --release

serve: build
	@echo "groupscope is served at http://127.0.0.1:$(PORT)/ (Ctrl-C stops it)"
	python3 -m http.server $(PORT) --bind 127.0.0.1 --directory dist

test: setup
	$(MAKE) fmt-check layers test-native clippy test-web test-realclient
	trunk build --release
	$(MAKE) test-e2e size
	@echo "make test: all checks passed"

fmt-check:
	cargo fmt --check

# The layer rules (ARCHITECTURE.md): the engine has no import circle and imports nothing above
# it, nothing in src/ includes a file from tests/, citations resolve, UI functions stay short.
layers:
	python3 scripts/check-layers.py

test-native:
	cargo test --all-targets

clippy:
	cargo clippy --all-targets -- -D warnings
	cargo clippy --target wasm32-unknown-unknown --all-targets -- -D warnings

test-web:
	cargo test --target wasm32-unknown-unknown --test web

test-e2e:
	npx playwright test --config tests/e2e/playwright.config.ts

size:
	scripts/check-size.sh

# The programs `groupscope-cli code --lang python` writes, run on a real client (confluent-kafka,
# which bundles librdkafka) against librdkafka's mock cluster, each outcome compared with the
# engine's (tests/realclient/run.py). The client lives in an ignored virtual environment.
REALCLIENT_VENV := .venv-realclient
test-realclient:
	test -x $(REALCLIENT_VENV)/bin/python || python3 -m venv $(REALCLIENT_VENV)
	$(REALCLIENT_VENV)/bin/python -c "import confluent_kafka" 2>/dev/null || $(REALCLIENT_VENV)/bin/pip install -q confluent-kafka==2.16.2
	cargo build -q --bin groupscope-cli
	$(REALCLIENT_VENV)/bin/python tests/realclient/run.py $(REALCLIENT_VENV)/bin/python target/debug/groupscope-cli tests/scenarios/realclient-*.json
