# Hjälpmedel: build and test targets. `make test` is the CI target.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := test

HJALPMEDEL_TEST_POSTGRES ?= postgres://postgres@127.0.0.1:5432/test?sslmode=disable
export HJALPMEDEL_TEST_POSTGRES

GO       ?= go
CHROMIUM ?= /usr/bin/chromium
AXE      := node_modules/axe-core/axe.min.js

.PHONY: test test-postgres fmt-check vet deps chromium pdftotext lint staticcheck tidy-check run

## test: format check, vet, dependencies, then every Go test once (SQLite, PostgreSQL,
## browser). The log lists each PostgreSQL test that passed, so CI shows that they ran;
## a skipped PostgreSQL test fails the target (in CI the database must be there).
test: lint deps
	@echo "== go test ./... (SQLite, PostgreSQL, browser) =="; \
	out=$$(mktemp); trap 'rm -f "$$out"' EXIT; \
	status=0; \
	$(GO) test -count=1 -timeout 25m -v ./... >"$$out" 2>&1 || status=$$?; \
	echo "== PostgreSQL tests =="; \
	grep -E -- '--- (PASS|FAIL|SKIP): [^ ]*Postgres' "$$out" || true; \
	echo "== packages =="; \
	grep -E '^(ok|FAIL)[[:space:]]|^[[:space:]]*--- FAIL' "$$out" || true; \
	if [ "$$status" -ne 0 ]; then \
		echo "== tests failed; full output: =="; \
		cat "$$out"; \
		exit "$$status"; \
	fi; \
	if ! grep -qE -- '--- PASS: [^ ]*Postgres' "$$out"; then \
		echo "== no PostgreSQL test ran: is HJALPMEDEL_TEST_POSTGRES set? =="; \
		exit 1; \
	fi; \
	if grep -qE -- '--- SKIP: [^ ]*Postgres' "$$out"; then \
		echo "== PostgreSQL tests were skipped: is HJALPMEDEL_TEST_POSTGRES reachable? =="; \
		grep -E -A3 -- '--- SKIP: [^ ]*Postgres' "$$out"; \
		exit 1; \
	fi; \
	echo "== all tests passed =="

## test-postgres: the PostgreSQL side of every test, verbosely (for working on the store):
## the "Postgres" subtests of storetest.Backends, testserver.Backends and EachBackend
## (store, service, API, browser) and the tests named …Postgres; their "SQLite" subtests
## are skipped. (Go's -run cannot skip a test without subtests, so the few tests that
## need no database at all, pure rules and texts, run too.)
test-postgres: deps
	$(GO) test -count=1 -run '/Postgres|Postgres' -skip '/SQLite' -v ./... 2>&1 | grep -E '^(=== RUN|[[:space:]]*--- |ok|FAIL|PASS)'

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

## deps: Chromium and axe-core for the browser tests in e2e/, pdftotext for the PDF tests.
deps: chromium pdftotext $(AXE)

pdftotext:
	@if ! command -v pdftotext >/dev/null 2>&1; then \
		echo "installing poppler-utils"; \
		apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y poppler-utils; \
	fi

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

## lint: vet, gofmt, staticcheck at a pinned version, and go.mod/go.sum as `go mod tidy`
## leaves them. Part of `make test`.
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2

lint: vet fmt-check staticcheck tidy-check

staticcheck:
	$(GO) run $(STATICCHECK) ./...

tidy-check:
	@cp go.mod /tmp/hjalpmedel-go.mod.$$$$; cp go.sum /tmp/hjalpmedel-go.sum.$$$$; \
	$(GO) mod tidy; \
	if ! cmp -s go.mod /tmp/hjalpmedel-go.mod.$$$$ || ! cmp -s go.sum /tmp/hjalpmedel-go.sum.$$$$; then \
		echo "go mod tidy changes go.mod or go.sum (run go mod tidy and commit):"; \
		diff -u /tmp/hjalpmedel-go.mod.$$$$ go.mod || true; \
		mv /tmp/hjalpmedel-go.mod.$$$$ go.mod; mv /tmp/hjalpmedel-go.sum.$$$$ go.sum; \
		exit 1; \
	fi; \
	rm -f /tmp/hjalpmedel-go.mod.$$$$ /tmp/hjalpmedel-go.sum.$$$$

## run: start the server with demo data.
run:
	$(GO) run ./cmd/hjalpmedel serve --demo
