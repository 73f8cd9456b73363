# Credence — the two commands people need:
#   make run    install what is missing, build, open the app
#   make test   everything that proves it works
# Other targets: build, bench, fuzz, clean.

SHELL := /bin/bash
WAILS_VERSION := v2.11.0
GOBIN := $(shell go env GOPATH 2>/dev/null)/bin
WAILS := $(GOBIN)/wails
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := build-essential pkg-config libgtk-3-dev libwebkit2gtk-4.1-dev xvfb xdotool imagemagick \
	poppler-utils fonts-droid-fallback chromium nsis p7zip-full file tesseract-ocr tesseract-ocr-eng dunst dbus postgresql
GO_TEST_FLAGS ?=

.PHONY: run test build deps deps-system deps-go deps-node bench fuzz clean app cli server dev-binary e2e test-go test-race test-frontend

run: deps build
	./build/bin/credence-app

build: app cli

# --- dependencies ---------------------------------------------------------

deps: deps-system deps-go deps-node

# Debian packages: only the missing ones are installed.
deps-system:
	@command -v go >/dev/null || { echo "Go 1.26 or newer is needed: see https://go.dev/doc/install"; exit 1; }
	@command -v node >/dev/null || { echo "Node.js 20 or newer is needed (with npm)"; exit 1; }
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing: $$missing"; \
		$(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

# The wails CLI at a pinned version.
deps-go:
	@if ! $(WAILS) version 2>/dev/null | grep -q '$(WAILS_VERSION)'; then \
		echo "installing wails $(WAILS_VERSION)"; \
		GOFLAGS= go install github.com/wailsapp/wails/v2/cmd/wails@$(WAILS_VERSION); \
	fi
	@go mod download

deps-node: frontend/node_modules/.installed e2e/node_modules/.installed

frontend/node_modules/.installed: frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

e2e/node_modules/.installed: e2e/package.json e2e/package-lock.json
	cd e2e && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# --- build ----------------------------------------------------------------

frontend/dist/index.html: deps-node $(shell find frontend/src -type f) frontend/index.html frontend/vite.config.ts
	cd frontend && npm run build --silent

app: deps-go frontend/dist/index.html
	$(WAILS) build -tags webkit2_41 -s -skipbindings -ldflags "$(VERSION_LDFLAGS)"

cli:
	go build -ldflags "$(VERSION_LDFLAGS)" -o build/bin/credence ./backend/cmd/credence

# The sync server needs no CGO: one static binary for any Linux host.
server:
	CGO_ENABLED=0 go build -ldflags "$(VERSION_LDFLAGS)" -o build/bin/credence-server ./backend/cmd/credence-server

# The dev build of the same app serves its frontend with the Go bindings
# bridged on a loopback port, which the end-to-end tests drive.
dev-binary: frontend/dist/index.html
	go build -tags dev,webkit2_41 -ldflags "$(VERSION_LDFLAGS)" -o build/bin/credence-dev .

# --- tests ----------------------------------------------------------------

test: deps test-go test-race test-frontend e2e
	@echo "all tests passed"

# A skipped test is a failure: a check that silently does not run proves
# nothing (the full log stays in build/go-test.log).
test-go:
	go vet ./...
	@mkdir -p build
	@go test $(GO_TEST_FLAGS) -v ./... > build/go-test.log 2>&1; rc=$$?; \
	grep -E '^(ok|FAIL|--- FAIL|panic:)' build/go-test.log; \
	if [ $$rc -ne 0 ]; then grep -B2 -A40 -E -- '--- FAIL|^panic:' build/go-test.log | head -400; exit $$rc; fi; \
	if grep -E -- '--- SKIP' build/go-test.log; then echo "skipped Go tests are failures (see above)"; exit 1; fi

# The bound services run work in the background (sync, re-screens, the
# screening of imported customers) beside the window's calls: their
# packages run once more under the race detector, which found two races.
# So does the customer import, whose checks and merges run on every core
# (a list merged into most of the book goes through the store's stream).
test-race:
	go test -race -count=1 ./app ./backend/syncclient ./backend/workspace ./backend/customers

test-frontend: deps-node
	cd frontend && npx vue-tsc --noEmit && npx vitest run

e2e: dev-binary cli server app
	@mkdir -p build
	@cd e2e && node --test --test-concurrency=1 ./ 2>&1 | tee ../build/e2e.log; rc=$${PIPESTATUS[0]}; \
	[ $$rc -eq 0 ] || exit $$rc; \
	grep -q '^# skipped 0$$' ../build/e2e.log && grep -q '^# todo 0$$' ../build/e2e.log || { echo "skipped e2e tests are failures"; exit 1; }

bench:
	go test -run '^$$' -bench . -benchmem ./backend/... ./app

# A short run of every fuzz target (the seed corpora run in `make test`).
# Minimizing a new input may take a minute by default: a 20 s run of a
# target whose inputs are large (an index snapshot) spent it all there.
fuzz:
	@for pkg in $$(go list ./backend/...); do \
		for f in $$(go test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
			echo "fuzz $$pkg $$f"; go test -run '^$$' -fuzz "^$$f$$" -fuzztime 20s -fuzzminimizetime 1s $$pkg || exit 1; \
		done; \
	done

clean:
	rm -rf build/bin frontend/dist/assets frontend/dist/index.html e2e/artifacts

include dist.mk
