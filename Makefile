# Hjälpmedel: build and test targets. `make test` is the CI target.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := test

HJALPMEDEL_TEST_POSTGRES ?= postgres://postgres@127.0.0.1:5432/test?sslmode=disable
export HJALPMEDEL_TEST_POSTGRES

GO       ?= go
CHROMIUM ?= /usr/bin/chromium
AXE      := node_modules/axe-core/axe.min.js

.PHONY: test test-postgres fmt-check vet deps chromium lint run

## test: format check, vet, dependencies, all Go tests, then the PostgreSQL store tests verbosely.
test: fmt-check vet deps
	$(GO) test -count=1 -timeout 25m ./...
	@$(MAKE) --no-print-directory test-postgres

## test-postgres: run the PostgreSQL tests of internal/store with a readable log.
## Skipped tests fail the target: in CI the database must be there.
test-postgres:
	@if [ ! -d internal/store ]; then \
		echo "test-postgres: no internal/store yet, nothing to run"; \
		exit 0; \
	fi; \
	echo "== PostgreSQL store tests =="; \
	out=$$(mktemp); trap 'rm -f "$$out"' EXIT; \
	status=0; \
	$(GO) test -count=1 -run Postgres -v ./internal/store/... >"$$out" 2>&1 || status=$$?; \
	grep -E '^(=== RUN|[[:space:]]*--- |ok|FAIL|PASS)' "$$out" || true; \
	if [ "$$status" -ne 0 ]; then \
		echo "== PostgreSQL store tests failed; full output: =="; \
		cat "$$out"; \
		exit "$$status"; \
	fi; \
	if grep -q -- '--- SKIP' "$$out"; then \
		echo "== PostgreSQL store tests were skipped: is HJALPMEDEL_TEST_POSTGRES reachable? =="; \
		grep -A3 -- '--- SKIP' "$$out"; \
		exit 1; \
	fi

## fmt-check: fail and list the files when gofmt would change them.
fmt-check:
	@files=$$(find . -name '*.go' -not -path './node_modules/*' -not -path './.git/*' -not -path './data/*' -print0 | xargs -0 -r gofmt -l); \
	if [ -n "$$files" ]; then \
		echo "gofmt would change these files (run gofmt -w):"; \
		echo "$$files"; \
		exit 1; \
	fi

vet:
	$(GO) vet ./...

## deps: Chromium and axe-core for the browser tests in e2e/.
deps: chromium $(AXE)

chromium:
	@if [ ! -x "$(CHROMIUM)" ]; then \
		echo "installing chromium"; \
		apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; \
	fi

# npm ci runs when axe-core is missing or package.json/package-lock.json
# changed since the last install.
$(AXE): package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

## lint: vet, gofmt and staticcheck when it is installed.
lint: vet fmt-check
	@if command -v staticcheck >/dev/null 2>&1; then \
		staticcheck ./...; \
	else \
		echo "lint: staticcheck is not installed, skipped (go install honnef.co/go/tools/cmd/staticcheck@latest)"; \
	fi

## run: start the server with demo data.
run:
	$(GO) run ./cmd/hjalpmedel serve --demo
