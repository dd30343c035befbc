# The two commands of the README:
#   make demo   set everything up (a .venv from the hashed lock, the web app's front-end
#               files from npm) and ingest the seeds
#   make test   set up if needed (and Debian's chromium for the browser tests), start
#               local services if needed, run the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)
SEEDS  ?= ../shared/seeds
ASSETS := src/sitrep/show/web/assets
# npm writes this file last; it is newer than package-lock.json once `npm ci` has run
ASSETS_STAMP := $(ASSETS)/node_modules/.package-lock.json

.PHONY: setup demo test browser serve screenshots lock clean

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e . || \
	  $(BIN)/python -m pip install --quiet --no-deps -e .
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

# Leaflet, the TopoJSON decoder and Natural Earth borders, exactly as package-lock.json
# pins them; the web app serves them itself (no CDN at run time).
$(ASSETS_STAMP): $(ASSETS)/package.json $(ASSETS)/package-lock.json
	cd $(ASSETS) && npm ci --no-audit --no-fund --loglevel=error
	touch $(ASSETS_STAMP)

setup: $(STAMP) $(ASSETS_STAMP)

# Debian's chromium and chromedriver for the end-to-end browser tests (Playwright drives
# /usr/bin/chromium; it never downloads a browser of its own), and wrk, the load generator
# of `sitrep bench serve`.
browser:
	@{ command -v chromium && command -v wrk; } >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium and wrk for the browser and load tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get install -y -q chromium chromium-driver wrk >/dev/null 2>&1 || \
	  { $$SUDO apt-get update -q >/dev/null && $$SUDO apt-get install -y -q chromium chromium-driver wrk >/dev/null; } || \
	  echo "WARNING: chromium/wrk could not be installed: the browser and wrk tests will be skipped"; }

demo: setup
	$(BIN)/sitrep ingest $(SEEDS)

test: setup browser
	bash scripts/services.sh
	$(BIN)/python -m pytest

# The web app on the demo database: http://127.0.0.1:8000/
serve: setup
	$(BIN)/sitrep serve

# The README's screenshots (docs/screenshots/*.png), taken by the browser tests.
screenshots: setup browser
	SITREP_SCREENSHOTS=docs/screenshots $(BIN)/python -m pytest -q tests/web/test_browser.py

# Regenerate the hashed lock after changing dependencies in pyproject.toml.
lock:
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 --generate-hashes -o requirements.lock

clean:
	rm -rf $(VENV) $(ASSETS)/node_modules sitrep.db sitrep.db-wal sitrep.db-shm .pytest_cache
