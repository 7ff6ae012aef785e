# The two commands a newcomer needs: `make run` starts the suite, `make test` runs every test.
SHELL := /bin/bash
MVNW := ./mvnw -B --no-transfer-progress
# Dev Services need a Docker engine; without one the tests use the servers on this machine.
TEST_PROFILES := $(shell docker info >/dev/null 2>&1 && echo test || echo test,local)

.PHONY: help test services build run stop status logs e2e system-tests reliability
help: ## list the targets
	@grep -hE '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

services: ## make sure PostgreSQL and RabbitMQ are up, with each service's database and role
	@if [ "$(TEST_PROFILES)" = "test,local" ]; then FRESH_TEST_DATABASES=$(FRESH_TEST_DATABASES) scripts/ensure-services.sh; fi

test: FRESH_TEST_DATABASES = 1
test: services ## run every test: unit, @QuarkusTest, packaged-app (*IT), the Postman collection and the system tests on the local stack, then the images as the chart runs them
	$(MVNW) verify -DskipITs=false -Dtest.profiles=$(TEST_PROFILES)
	scripts/stack.sh with $(MAKE) --no-print-directory e2e system-tests
	$(MAKE) --no-print-directory images-test

run: ## build and start the suite behind the local ingress on http://localhost:8080 (idempotent)
	@scripts/stack.sh run

stop: ## stop what `make run` started
	@scripts/stack.sh stop

status: ## show which parts of the local stack run and are healthy
	@scripts/stack.sh status

logs: ## follow the local stack's logs (SERVICE=billing-service for one)
	@scripts/stack.sh logs $(SERVICE)

e2e: ## run the Postman collection with newman against the running local stack (plain newman, no output flags)
	@mkdir -p .run && set -o pipefail && scripts/newman.sh --env-var baseUrl=http://localhost:8080 | tee .run/newman.log
	@# The collection itself shows every request's and response's data: check that plain newman printed them.
	@grep -q "request: 'POST http://localhost:8080/users'" .run/newman.log && grep -q "response: '201 Created'" .run/newman.log \
	  || { echo "newman did not show the request and response data (see .run/newman.log)" >&2; exit 1; }

# test-support (their fixtures) is built in the same run: `make test`'s verify installs nothing it could be read from.
SYSTEM_TESTS := $(MVNW) -pl test-support,system-tests verify -Dsystem-tests.skip=false

system-tests: ## run system-tests/ against the running local stack (with the reliability suite: it kills services, restarts RabbitMQ and PostgreSQL)
	$(SYSTEM_TESTS)

ROUNDS ?= 1
reliability: ## the reliability suite on the local stack (started if needed): faults under load, poison, bad input; ROUNDS=3 repeats the faults
	scripts/stack.sh with $(SYSTEM_TESTS) -Dit.test='ReliabilityIT,BadInputIT' \
	  -Dsystem-tests.reliability.rounds=$(ROUNDS)

build: ## package the four services (no tests)
	$(MVNW) package -DskipTests

# Container images for the Helm chart (docs/containers.md). The tag defaults to the project version, the chart's
# appVersion, so `helm install` needs no image settings; `latest` is refused, as the chart's schema refuses it.
VERSION := $(shell sed -n 's:^  <version>\(.*\)</version>$$:\1:p' pom.xml | head -n 1)
REGISTRY ?= arch-homework
TAG ?= $(VERSION)
IMAGE_MODULES := user-service billing-service order-service notification-service
ifneq ($(filter images,$(MAKECMDGOALS)),)
ifeq ($(filter-out latest,$(TAG)),)
$(error TAG must be a pinned tag, not '$(TAG)')
endif
endif

.PHONY: images images-test helm-lint
images: ## build the service images (docker, else podman): REGISTRY=… TAG=… (default: the chart's appVersion), BASE_IMAGE=…, PUSH=1 pushes
	@scripts/stack.sh build
	@REGISTRY=$(REGISTRY) TAG=$(TAG) IMAGE_MODULES="$(IMAGE_MODULES)" scripts/images.sh

images-test: images ## run the images as the chart's Deployments say (user, read-only root, limits, env) and newman through the Ingress rules
	@scripts/images-test.sh

helm-lint: ## check helm-chart/ offline: helm lint --strict, rendered manifests vs. the services and the Kubernetes API
	$(MVNW) -pl test-support,deploy-tests verify

.PHONY: bench
bench: ## performance figures against the local stack (started and stopped if not running); bench/results/
	@bench/bench.sh
