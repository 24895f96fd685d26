# The two commands: `make run` and `make test`. Each installs what it is missing first.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := run

TOOLS := $(CURDIR)/target/tools
export PATH := $(TOOLS)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export CHROMEDRIVER ?= /usr/bin/chromedriver

TRUNK_VERSION := 0.22.1
BINARYEN_VERSION := 132
# wasm-bindgen-cli must match the wasm-bindgen that Cargo.lock pins.
WASM_BINDGEN_VERSION := $(shell awk '/^name = "wasm-bindgen"$$/ { getline; gsub(/"/, "", $$3); print $$3 }' Cargo.lock)
ADDR ?= 127.0.0.1:8080
# The site's public address, for its link previews and canonical links (`make site
# PUBLIC_URL=https://alfarabiqq.kz/`); its path is the site's base.
PUBLIC_URL ?= http://$(ADDR)/
BASE ?= /
# An inbox on another host (`make site INBOX=https://inbox.example.org/`), and a folder
# whose data/v1/ is the store to publish (`STORE=/var/lib/qq`): both optional.
INBOX ?=
STORE ?=
WASM := wasm32-unknown-unknown
# Natural Earth's countries as TopoJSON, under their own npm prefix: an npm install
# --no-save into $(TOOLS) would remove binaryen, and installing binaryen would remove this.
WORLD_ATLAS := $(TOOLS)/world-atlas/node_modules/world-atlas/countries-50m.json
# A local S3-compatible server for the bucket tests (tests/s3.rs): moto's server mode, in a
# virtualenv of its own; the tests start it on a free loopback port through this python.
MOTO_VERSION := 5.2.5
MOTO_VENV := $(TOOLS)/moto
export QQ_MOTO_PYTHON := $(MOTO_VENV)/bin/python

.PHONY: run test build site serve tools moto browser e2e-deps lint unit wasm-test e2e sizes bench bench-inbox bench-deploy geometry clean

## make run: build the release site and serve it on http://$(ADDR)/, with the inbox
## (its database and published store in data/, seeded with the sample on first start)
run: site
	target/debug/qq serve --addr $(ADDR) --dist site --base $(BASE) --data data --seed sample

## make test: every check and test suite, as CI runs them
test: tools browser e2e-deps lint unit wasm-test e2e sizes

build: tools
	trunk build --release

## make site: the deployable folder site/: the release build, every public page
## prerendered over the store, the sitemap (qq site; see the README's "Deploying")
site: build
	cargo build --bin qq
	target/debug/qq site --dist dist --out site --base $(BASE) --public-url $(PUBLIC_URL) \
		$(if $(INBOX),--inbox $(INBOX)) $(if $(STORE),--store $(STORE))

lint: tools
	cargo fmt --all -- --check
	cargo clippy --all-targets -- -D warnings
	cargo clippy --all-targets --target $(WASM) -- -D warnings

unit: tools moto
	cargo test

wasm-test: tools browser
	cargo test --target $(WASM)

e2e: site e2e-deps browser
	cd tests/e2e && node --test --test-concurrency=1

## make sizes: each public page of the release build within its size budget
## (tests/bench/budgets.mjs), after the build the end-to-end tests use
sizes: site
	node tests/bench/check-sizes.mjs

## make bench: sizes of the release build, the browser, the map and the store's scaling, a
## camera photo shrunk on the phone at 4x CPU (tests/bench/photos.mjs), each
## page as a slow phone opens it (LCP, layout shifts, Lighthouse), then the inbox, appended
## to BENCHMARKS.md (the browser first, before the heavy parts)
bench: site e2e-deps browser
	cargo build --release --bin qq
	@[ -d tests/bench/node_modules/lighthouse ] || (cd tests/bench && npm ci --no-audit --no-fund)
	missed=0; node tests/bench/sizes.mjs || missed=$$?; \
	  node tests/bench/photos.mjs > target/bench-photos.txt || missed=$$?; cat target/bench-photos.txt; \
	  { printf '\n## Photos on the phone, %s (%s)\n\n```\n' "$$(date -u +%F)" "$$(git rev-parse --short HEAD)"; \
	    cat target/bench-photos.txt; printf '```\n'; } >> BENCHMARKS.md; \
	  { printf '\n## Pages, %s (%s)\n\n```\n' "$$(date -u +%F)" "$$(git rev-parse --short HEAD)"; \
	    node tests/bench/pages.mjs site; printf '```\n'; } >> BENCHMARKS.md; \
	  $(MAKE) bench-inbox || missed=$$?; $(MAKE) bench-deploy || missed=$$?; exit $$missed

## make geometry: the map's country outlines, public/data/geo/world.json, from Natural Earth
geometry:
	@[ -f $(WORLD_ATLAS) ] || npm install --prefix $(TOOLS)/world-atlas --no-save --no-audit --no-fund world-atlas@2.0.2
	cargo run --release --bin qq -- geometry --topology $(WORLD_ATLAS) --out public/data/geo/world.json

## make bench-inbox: the inbox under load (release qq serve, 5 s from 200 loopback addresses)
## and publishing one approval into 100,000 deeds, appended to BENCHMARKS.md
bench-inbox:
	cargo build --release --bin qq --example bench_inbox
	target/release/examples/bench_inbox --qq target/release/qq --seconds 5 --record BENCHMARKS.md

## make bench-deploy: qq deploy at 100,000 deeds against moto on loopback (a second deploy
## of the unchanged site uploads nothing, within 30 s), and one approval's publications
bench-deploy: moto
	cargo build --release --bin qq --example bench_deploy
	target/release/examples/bench_deploy --qq target/release/qq --python $(QQ_MOTO_PYTHON) \
		--deeds 100000 --record BENCHMARKS.md

tools:
	@rustup target list --installed | grep -qx $(WASM) || rustup target add $(WASM)
	@if [ "$$(trunk --version 2>/dev/null)" != "trunk $(TRUNK_VERSION)" ]; then \
	  echo "installing trunk $(TRUNK_VERSION) (a few minutes, once)"; \
	  cargo install trunk --version $(TRUNK_VERSION) --locked --ignore-rust-version; fi
	@if [ "$$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $(WASM_BINDGEN_VERSION)" ]; then \
	  echo "installing wasm-bindgen-cli $(WASM_BINDGEN_VERSION) (a few minutes, once)"; \
	  cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION); fi
	@if ! wasm-opt --version 2>/dev/null | grep -q "version $(BINARYEN_VERSION)\b"; then \
	  echo "installing wasm-opt (npm binaryen@$(BINARYEN_VERSION).0.0) under target/tools"; \
	  mkdir -p $(TOOLS); \
	  npm install --prefix $(TOOLS) --no-save --no-audit --no-fund binaryen@$(BINARYEN_VERSION).0.0; fi
	@cargo fetch --quiet

## make moto: moto's S3 server (PyPI moto[server]==$(MOTO_VERSION)) in target/tools/moto, once
moto:
	@if ! $(MOTO_VENV)/bin/python -c 'import moto.server, sys; from importlib.metadata import version; sys.exit(version("moto") != "$(MOTO_VERSION)")' 2>/dev/null; then \
	  echo "installing moto[server] $(MOTO_VERSION) under target/tools/moto (a minute, once)"; \
	  rm -rf $(MOTO_VENV); python3 -m venv $(MOTO_VENV); \
	  $(MOTO_VENV)/bin/pip install --quiet --disable-pip-version-check 'moto[server]==$(MOTO_VERSION)'; fi

browser:
	@if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing chromium and chromium-driver (apt)"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; \
	  else \
	    echo "make test needs Chromium and its driver: run 'sudo apt-get install -y chromium chromium-driver' and try again." >&2; \
	    exit 1; \
	  fi; \
	fi

e2e-deps:
	@[ -d tests/e2e/node_modules/playwright-core ] && [ -d tests/e2e/node_modules/@axe-core/playwright ] \
	  || (cd tests/e2e && npm ci --no-audit --no-fund)

clean:
	cargo clean
	rm -rf dist site tests/e2e/node_modules
