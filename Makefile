# The two commands a newcomer needs: `make run` starts the suite, `make test` runs every test.
SHELL := /bin/bash
MVNW := ./mvnw -B --no-transfer-progress
# Dev Services need a Docker engine; without one the tests use the servers on this machine.
TEST_PROFILES := $(shell docker info >/dev/null 2>&1 && echo test || echo test,local)

.PHONY: help test services build
help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

services: ## make sure PostgreSQL and RabbitMQ are up, with each service's database and role
	@if [ "$(TEST_PROFILES)" = "test,local" ]; then scripts/ensure-services.sh; fi

test: services ## run every test: unit, @QuarkusTest and packaged-app (*IT) tests
	$(MVNW) verify -DskipITs=false -Dtest.profiles=$(TEST_PROFILES)

build: ## package the four services (no tests)
	$(MVNW) package -DskipTests
