# groupscope: `make serve` runs the app, `make test` runs every check CI runs.
SHELL := /bin/bash
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export TRUNK_OFFLINE := true
export TRUNK_SKIP_VERSION_CHECK := true
export CHROMEDRIVER := /usr/bin/chromedriver
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER := wasm-bindgen-test-runner
export WASM_BINDGEN_TEST_TIMEOUT := 120
PORT ?= 8080

.PHONY: setup build serve test test-native clippy test-web test-e2e size fmt-check layers

setup:
	@scripts/setup.sh

build: setup
	trunk build --release

serve: build
	@echo "groupscope is served at http://127.0.0.1:$(PORT)/ (Ctrl-C stops it)"
	python3 -m http.server $(PORT) --bind 127.0.0.1 --directory dist

test: setup
	$(MAKE) fmt-check layers test-native clippy test-web
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
