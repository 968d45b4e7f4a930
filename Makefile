# Two commands on a fresh Debian/Ubuntu machine with Python 3.11: `make build`, then `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := build

# mkdocs-material 9.7+ prints a MkDocs 2.0 banner on stderr: keep the output to our own messages.
export NO_MKDOCS_2_WARNING := 1
# Reproducible builds: every date in the site comes from the last commit unless given.
# Outside a git checkout it stays unset, and the build uses today's date. Overdue reviews are
# judged against today all the same (REVIEW_DATE=YYYY-MM-DD to judge them against another day).
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)
ifneq ($(strip $(SOURCE_DATE_EPOCH)),)
export SOURCE_DATE_EPOCH
endif

PYTHON ?= $(shell command -v python3.11 || command -v python3)
# The translated editions of the patient site (data/languages.yml): each mkdocs.CODE.yml with pages
# in docs/CODE/ (the staff reference aside), built into site/CODE/ after the English site.
EDITIONS := $(foreach code,$(filter-out staff,$(patsubst mkdocs.%.yml,%,$(wildcard mkdocs.*.yml))),$(if $(wildcard docs/$(code)/*.md),$(code)))
VENV := .venv
BIN := $(VENV)/bin
# Debian packages: pango and fonts for the PDF handouts (Liberation Sans for the text, Noto Sans Arabic
# (fonts-noto-core) for the Arabic handouts, DejaVu Sans for any symbol they lack); Chromium,
# for any symbol it lacks); Chromium, poppler and nginx for the tests; nginx for `make preview`.
BUILD_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation fonts-dejavu-core fonts-noto-core
TEST_PACKAGES := chromium poppler-utils nginx
PREVIEW_PACKAGES := nginx
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: bytecode build release review sign-off translated test serve staff release-staff lint clean system-build system-test readability audit system-audit bench check preview system-preview

$(BIN)/mkdocs: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.dev: requirements-dev.txt $(BIN)/mkdocs
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

# The project's code byte-compiled, as pip compiles an installed package: each build would compile
# it again otherwise (an editable install is not compiled, and PYTHONDONTWRITEBYTECODE may be set).
# Only what changed is compiled again.
COMPILE = $(BIN)/python -m compileall -q hooks
bytecode: $(BIN)/mkdocs
	@$(COMPILE)

# Install the missing Debian packages of a list, once.
define install_packages
	@missing=$$(for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages: $$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi
endef

system-build:
	$(call install_packages,$(BUILD_PACKAGES))

system-test: system-build
	$(call install_packages,$(TEST_PACKAGES))

system-preview:
	$(call install_packages,$(PREVIEW_PACKAGES))

# Atomic: build config $(1) into a temporary folder, replace $(2)/ only when the strict build succeeded.
# One build of $(2)/ at a time: a second waits on the lock .$(2).lock (flock, util-linux) rather than
# removing the first one's temporary folder; the old site is removed only once the new one is in place
# (and put back, if a build was stopped between the two moves).
# $(3): the translated editions built into $(2)/CODE/ after it, each from mkdocs.CODE.yml.
# The code is byte-compiled (see bytecode) once the lock is held: a second build waits before it.
define atomic_build
	@exec 9>.$(2).lock; \
	flock --nonblock 9 || { echo "Another build of $(2)/ is under way; waiting for it to finish"; flock 9; }; \
	$(COMPILE); \
	[ -d $(2) ] || [ ! -d .$(2)-old ] || mv .$(2)-old $(2); \
	rm -rf .$(2)-build .$(2)-old; \
	echo "$(BIN)/python -m mkdocs build --strict --config-file $(1) --site-dir .$(2)-build"; \
	$(BIN)/python -m mkdocs build --strict --config-file $(1) --site-dir .$(2)-build || { rm -rf .$(2)-build; exit 1; }; \
	for code in $(3); do \
	  echo "$(BIN)/python -m mkdocs build --strict --config-file mkdocs.$$code.yml --site-dir .$(2)-build/$$code"; \
	  $(BIN)/python -m mkdocs build --strict --config-file mkdocs.$$code.yml --site-dir .$(2)-build/$$code || { rm -rf .$(2)-build; exit 1; }; \
	done; \
	if [ -d $(2) ]; then mv $(2) .$(2)-old || exit 1; fi; \
	if mv .$(2)-build $(2); then rm -rf .$(2)-old; else [ ! -d .$(2)-old ] || mv .$(2)-old $(2); exit 1; fi
endef

build: $(BIN)/mkdocs system-build
	$(call atomic_build,mkdocs.yml,site,$(EDITIONS))
	@echo "Built the site into site/$(if $(EDITIONS), and its editions into $(patsubst %,site/%/,$(EDITIONS)))"

# `make build` for publishing: fails, naming each page, when a patient page is not signed off by a
# clinician, changed since its sign-off, or overdue for review by today's date (not the commit's).
release: export RELEASE := 1
release: $(BIN)/mkdocs system-build
	$(call atomic_build,mkdocs.yml,site,$(EDITIONS))
	@echo "Built the site for release into site/: every patient page is signed off and up to date"

# What each page needs from a clinician (sign-off, new review, overdue), what changed since its
# sign-off, and the open questions of CONTENT_DECISIONS.md beside the pages they touch.
review: $(BIN)/mkdocs
	$(BIN)/python -m hooks.governance.review

# Record a clinician's review of one page, once they have reviewed it as it is now:
# make sign-off PAGE=docs/aftercare.md REVIEWER="Dr Jane Smith, Consultant dermatologist"
sign-off: $(BIN)/mkdocs
	$(BIN)/python -m hooks.governance.signoff "$(PAGE)" --reviewer "$(REVIEWER)" $(if $(NEXT_REVIEW),--next-review $(NEXT_REVIEW))

# Record that a translated page is in line with its source page as it is now, once the translator
# has brought it up to date: make translated PAGE=docs/ar/aftercare.md TRANSLATOR="Name"
# (an Arabic page says "the English page has changed" and `make release` fails until then).
translated: $(BIN)/mkdocs
	$(BIN)/python -m hooks.governance.translations "$(PAGE)" --translator "$(TRANSLATOR)"

# The staff reference: the patient pages plus docs/staff/. Never publish it to patients.
staff: $(BIN)/mkdocs system-build
	$(call atomic_build,mkdocs.staff.yml,site-staff)
	@echo "Built the staff reference into site-staff/"

# The staff reference for publishing: as `make staff`, but it fails while a protocol value of
# data/protocol.yml is still a placeholder, naming its line.
release-staff: export RELEASE := 1
release-staff: staff

# One test worker per processor; each test file stays on one worker, so the browser crawl of every
# page runs beside the other files, and the real site is built once for all workers (tests/conftest.py).
test: $(VENV)/.dev system-test
	$(BIN)/ruff check hooks tests bench
	$(BIN)/python -m pytest -n auto --dist loadfile

# Live preview on 127.0.0.1:8000, reloading on changes to content, data, hooks and templates.
serve: bytecode system-build
	$(BIN)/python -m mkdocs serve --livereload --dev-addr 127.0.0.1:8000 -w data -w hooks -w overrides

# The built site/ as the clinic's server sends it: nginx on 127.0.0.1:$(PORT), under the path of
# site_url, with the security headers of the build and its 404 page, until Ctrl-C.
PORT ?= 8080
preview: build system-preview
	$(BIN)/python -m hooks.security.preview --site site --port $(PORT) --config mkdocs.yml

lint: $(VENV)/.dev
	$(BIN)/ruff check hooks tests bench
	$(BIN)/ruff format --check hooks tests bench

# Reading level of every patient page as a Markdown table (Flesch-Kincaid, SMOG, long sentences);
# exits 1 when a page is above the limit in data/quality.yml, as the build does.
DOCS ?= docs
readability: $(BIN)/mkdocs
	$(BIN)/python -m hooks.checks.readability $(DOCS)

# Build, validation and PDF speed measured side by side on synthetic sites; writes bench/results.md.
# Quick by default; the full run (about 20 minutes on 2 cores): make bench RUNS=3 SIZES=200,1000,2000
RUNS ?= 5
BUILDS ?= 3
SIZES ?= 50,100
bench: $(VENV)/.dev bytecode system-build
	$(BIN)/python -m bench.run --runs $(RUNS) --builds $(BUILDS) --sizes $(SIZES) --output bench/results.md

# Lighthouse (npm, pinned in package-lock.json) on the main pages of a fresh build, as a phone sees
# them: prints the four scores. Not part of `make test`: slow, and performance varies between runs.
audit: $(VENV)/.dev system-audit
	npm ci --no-audit --no-fund --loglevel=error
	@rm -rf .site-audit
	$(BIN)/python -m mkdocs build --strict --site-dir .site-audit
	CHROME_PATH=/usr/bin/chromium $(BIN)/python tests/lighthouse_audit.py .site-audit

# Node.js and npm for Lighthouse, unless the machine already has them.
system-audit: system-test
	@command -v npm >/dev/null || { $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq nodejs npm >/dev/null; }

clean:
	rm -rf site site-staff .site-build .site-old .site-staff-build .site-staff-old .site-audit .cache .site.lock .site-staff.lock

# The link check and the content checks over a built site folder and docs/, without MkDocs, so a
# site another engine built from the same pages is judged the same way: make check SITE=folder.
SITE ?= site
CONFIG ?= mkdocs.yml
check: bytecode
	$(BIN)/python -m hooks.check --site $(SITE) --config $(CONFIG)
	$(if $(filter mkdocs.yml,$(CONFIG)),@for code in $(EDITIONS); do \
	  $(BIN)/python -m hooks.check --site $(SITE)/$$code --config mkdocs.$$code.yml || exit 1; \
	done)
