# The two commands: `make start` and `make test`. Every target installs what it needs first.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
ENV := source scripts/env.sh &&
# CI must not rewrite the lockfile; locally a changed package.json may update it.
YARN_INSTALL_FLAGS := $(if $(CI),--immutable,)

.PHONY: bench help toolchain system-packages install start stop status test typecheck api-reports build-plugins lint script-tests unit e2e fresh-portal scale clean

help:
	@echo "make start   install, start the demo stack and the portal, print the URLs"
	@echo "make stop    stop everything make start started"
	@echo "make test    install, type-check, lint, unit + integration tests, end-to-end tests"

toolchain:
	@$(ENV) echo ">> node $$(node --version), yarn $$(yarn --version), registry $$YARN_NPM_REGISTRY_SERVER"

system-packages:
	@bash scripts/ensure-system-packages.sh

install: toolchain system-packages
	@$(ENV) echo ">> yarn install" && yarn install $(YARN_INSTALL_FLAGS) | { grep -E 'YN0001|YN0009|YN0028|YN0082|error' | grep -v keytar || true; }

start: install
	@$(ENV) cd packages/demo-stack && node --require @backstage/cli/config/nodeTransform.cjs src/cli.ts start "$$ROOT/.run/demo-stack"
	@bash scripts/portal.sh start
	@echo ">> waiting for the portal (first start compiles the frontend, about a minute)"
	@bash scripts/portal.sh wait
	@echo
	@echo "  Portal        http://localhost:3000  (sign in as alice, bob or carol to act, or as guest to look)"
	@echo "  Checkout      http://localhost:3000/catalog/default/component/checkout"
	@echo "  Backend       http://localhost:7007/api/observability/health"
	@echo "  Prometheus    http://localhost:9090/classic/targets"
	@echo "  Alertmanager  http://localhost:9093"
	@echo
	@echo "  Logs in .run/ (portal.log, demo-stack/*.log). Stop everything with: make stop"

stop:
	@bash scripts/portal.sh stop
	@$(ENV) cd packages/demo-stack && node --require @backstage/cli/config/nodeTransform.cjs src/cli.ts stop "$$ROOT/.run/demo-stack"

typecheck: install
	@$(ENV) echo ">> yarn tsc" && yarn tsc

# The public API of each published package must match its committed report.api.md; after a
# deliberate change, `yarn tsc && yarn build:api-reports` regenerates them.
api-reports: typecheck
	@$(ENV) echo ">> API reports" && yarn build:api-reports --ci

# The plugin packages must build as they would be published (types from `yarn tsc` first).
build-plugins: typecheck
	@$(ENV) for p in plugins/*/; do echo ">> build $$p" && (cd "$$p" && yarn build >/dev/null); done

lint: install
	@$(ENV) echo ">> yarn lint:all, prettier" && yarn lint:all && yarn prettier:check

# The project's own scripts, tested where a newcomer would run them (a clone in a 0700 folder).
script-tests: system-packages
	@echo ">> script tests" && bash test/scripts/test-postgres.test.sh

# Unit and integration tests. Integration tests start their own Prometheus, Alertmanager and
# demo services on free ports; database tests run on SQLite and on a throw-away PostgreSQL.
# One Jest run per package, so a worker that Jest has to kill for a handle left open is pinned
# on the package that leaked it (in one run over all eight projects, a loaded machine once made
# an otherwise clean worker miss Jest's 500 ms exit deadline, and the log could not say whose).
unit: install
	@$(ENV) pg="$$(bash scripts/test-postgres.sh start)" && \
	  trap 'bash scripts/test-postgres.sh stop' EXIT && \
	  echo ">> unit and integration tests (PostgreSQL at $$pg)" && \
	  mkdir -p .run && : > .run/unit.log && set -o pipefail && \
	  for p in packages/*/ plugins/*/; do \
	    grep -q '"test":' "$$p/package.json" || continue; \
	    echo ">> $$p" | tee -a .run/unit.log; \
	    (cd "$$p" && BACKSTAGE_TEST_DISABLE_DOCKER=1 \
	      BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING="$$pg" \
	      CI=true yarn test 2>&1) > .run/unit-package.log; rc=$$?; \
	    cat .run/unit-package.log >> .run/unit.log; grep -E '^(Tests|Test Suites):' .run/unit-package.log; \
	    if [ $$rc -ne 0 ]; then tail -80 .run/unit-package.log; echo "error: tests failed in $$p (see .run/unit.log)" >&2; exit 1; fi; \
	    if grep -q 'failed to exit gracefully' .run/unit-package.log; then \
	      echo "error: a test in $$p left a handle open and its worker was killed (see .run/unit.log); find it with yarn test --detectOpenHandles <path>" >&2; exit 1; \
	    fi; \
	  done

# End-to-end tests in Debian's headless Chromium against the running portal (make start) or, when none
# runs, the production build of the frontend served by the backend alone; with the demo stack.
# starts them if they are not running and stops what it started.
e2e: install
	@$(ENV) bash test/e2e/run.sh

# The packed plugins installed into a new app from the current @backstage/create-app by the
# README's own steps, checked in Chromium on both frontend systems (about 8 minutes).
fresh-portal: build-plugins
	@$(ENV) bash test/fresh-portal/run.sh

# Past one machine (test/scale): two backend replicas built for production on PostgreSQL and
# Redis behind nginx, Alertmanager posting through nginx, a replica stopped and one SIGKILLed.
scale: build-plugins
	@$(ENV) bash test/scale/run.sh

test: typecheck api-reports build-plugins lint script-tests unit e2e fresh-portal scale
	@echo ">> make test: all passed"

status:
	@for f in .run/portal.pid .run/demo-stack/*.pid; do [ -f "$$f" ] && echo "$$(basename $$f .pid): pid $$(cat $$f)" || true; done

clean: stop
	rm -rf .run dist-types

# Performance is measured, not asserted: see test/bench/. Results land in test/bench/results/.
bench: install
	@$(ENV) bash test/bench/query-proxy/run.sh
	@$(ENV) bash test/bench/alert-ingest/run.sh
	@$(ENV) bash test/bench/scale-10k/run.sh
