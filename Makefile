# factiongraph: make demo | make test | make lint | make eval | make bench | make model
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
SHARED ?= ../shared

.PHONY: install dev demo test lint typecheck eval eval-heldout eval-dev bench model clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.dev: $(VENV)/.installed pyproject.toml
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed

dev: $(VENV)/.dev

demo: install
	$(BIN)/factiongraph demo --db .artifacts/demo.db --out .artifacts/report

lint: dev
	$(BIN)/ruff check src tests bench training
	$(BIN)/mypy

test: dev lint
	$(BIN)/pytest -q -p no:cacheprovider

# score CORPUS against GOLD as NAME: ingest into .artifacts/NAME.db, export, score (report in .artifacts)
define score
	mkdir -p .artifacts
	rm -f .artifacts/$(1).db .artifacts/$(1).db-wal .artifacts/$(1).db-shm
	$(BIN)/factiongraph ingest $(2) --db .artifacts/$(1).db --quiet || true
	$(BIN)/factiongraph export --format json --db .artifacts/$(1).db -o .artifacts/$(1).json
	$(BIN)/python $(SHARED)/eval/score.py --gold $(3) --export .artifacts/$(1).json \
	    --texts $(2) --asof-cmd '$(BIN)/factiongraph asof {date} --format json --db .artifacts/$(1).db' \
	    --json .artifacts/$(1).report.json
endef

eval: install
	$(call score,seeds,$(SHARED)/seeds,$(SHARED)/eval/seeds.gold.yaml)
	$(BIN)/python $(SHARED)/eval/check_contract.py .artifacts/seeds.json $(SHARED)/seeds | tail -1

# the same scorer on our own held-out articles (tests/heldout: never used to write rules)
eval-heldout: install
	$(call score,heldout,tests/heldout/corpus,tests/heldout/gold.yaml)

# and on our development set (tests/devset: rules may be improved against it)
eval-dev: install
	$(call score,devset,tests/devset/corpus,tests/devset/gold.yaml)

bench: dev
	$(BIN)/pip install --quiet -e ".[bench]"
	$(BIN)/python bench/run.py --shared $(SHARED)

model: dev
	$(BIN)/python training/train.py --corpora $(SHARED)/corpora

clean:
	rm -rf .artifacts build *.egg-info
