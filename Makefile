# evalnb — two commands on a fresh Debian machine: `make demo`, `make test`.
# System packages come from Debian (apt-get, when run as root); Python
# packages go into .venv.  Every target is safe to run again.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
DB     := data/evalnb.sqlite
OUT    := reports
JOBS   ?= 2

# fonts for Chinese and Cyrillic; Pango for WeasyPrint's PDF; poppler for checking PDFs
# Chromium for the browser tests of the served forms (Playwright drives /usr/bin/chromium)
APT_PACKAGES := fonts-noto-cjk fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0 \
                libharfbuzz-subset0 poppler-utils chromium

.PHONY: demo test lab forms system-deps install data reports clean help

help:
	@echo "make demo   install everything, build the sample district's reports into $(OUT)/"
	@echo "make test   run the whole test suite"
	@echo "make lab    JupyterLab on the notebooks"
	@echo "make forms  the data-entry forms in the browser (Voilà on 127.0.0.1)"

system-deps:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -z "$$missing" ]; then echo "system packages: all present"; \
	elif [ "$$(id -u)" = "0" ]; then \
	  echo "installing system packages:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	else \
	  echo "evalnb needs these Debian packages:$$missing"; \
	  echo "run:  sudo apt-get install$$missing   then run make again"; exit 1; \
	fi

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[lab,test]'
	# the kernel 'python3' of the notebooks is this environment's Python
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (evalnb)" >/dev/null
	touch $(STAMP)

install: system-deps $(STAMP)

$(DB): $(wildcard data/sample/*.csv) | install
	rm -f $(DB) $(DB)-wal $(DB)-shm
	$(BIN)/evalnb import data/sample --db $(DB)

data: install $(DB)

reports: data
	@# every report notebook the domains declare (evalnb notebooks), each for everything it applies to
	@nbs="$$($(BIN)/evalnb notebooks --demo --paths)" || exit $$?; \
	for nb in $$nbs; do \
	  echo "== $$nb"; \
	  $(BIN)/evalnb batch $$nb --data sqlite:///$(CURDIR)/$(DB) --out $(OUT) --jobs $(JOBS) $(BATCH_ARGS) || exit $$?; \
	done
	$(BIN)/evalnb batch --landing $(OUT)

demo: reports
	@echo
	@echo "The sample district's reports are ready. Open this page in a browser:"
	@echo "  $(CURDIR)/$(OUT)/index.html"

# The store and form tests also run against PostgreSQL: a private server on
# loopback (scripts/pg-test-server installs and starts it when run as root).
test: install
	@pg="$${EVALNB_TEST_POSTGRES:-$$(scripts/pg-test-server)}" || { [ -z "$$CI" ] || exit 1; pg=""; }; \
	EVALNB_TEST_POSTGRES="$$pg" $(BIN)/python -m pytest $(PYTEST_ARGS)

forms: data
	$(BIN)/evalnb forms --db sqlite:///$(CURDIR)/$(DB) $(FORMS_ARGS)

# JupyterLab refuses root unless told: the set-up runs as root on a fresh machine, so say it
lab: data
	$(BIN)/python -c "from evalnb.serve.registry import write_notebooks; write_notebooks('notebooks/forms')"
	EVALNB_DATA="sqlite:///$(abspath $(DB))" $(BIN)/jupyter lab notebooks/ --ServerApp.ip=127.0.0.1 \
	  $$([ "$$(id -u)" = "0" ] && echo --allow-root) $(LAB_ARGS)

clean:
	rm -rf $(OUT)/*/ $(OUT)/index.html $(DB) $(DB)-wal $(DB)-shm
