# factiongraph: make demo | make test | make lint | make eval | make bench | make model
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
SHARED ?= ../shared
EVAL_DB := .artifacts/seeds.db

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

eval: install
	mkdir -p .artifacts
	rm -f $(EVAL_DB) $(EVAL_DB)-wal $(EVAL_DB)-shm
	$(BIN)/factiongraph ingest $(SHARED)/seeds --db $(EVAL_DB) --quiet || true
	$(BIN)/factiongraph export --format json --db $(EVAL_DB) -o .artifacts/seeds.json
	$(BIN)/python $(SHARED)/eval/score.py --gold $(SHARED)/eval/seeds.gold.yaml --export .artifacts/seeds.json \
	    --texts $(SHARED)/seeds --asof-cmd '$(BIN)/factiongraph asof {date} --format json --db $(EVAL_DB)' \
	    --json .artifacts/seeds.report.json
	$(BIN)/python $(SHARED)/eval/check_contract.py .artifacts/seeds.json $(SHARED)/seeds | tail -1

# the same scorer on our own held-out articles (tests/heldout: never used to write rules)
eval-heldout: install
	mkdir -p .artifacts
	rm -f .artifacts/heldout.db .artifacts/heldout.db-wal .artifacts/heldout.db-shm
	$(BIN)/factiongraph ingest tests/heldout/corpus --db .artifacts/heldout.db --quiet || true
	$(BIN)/factiongraph export --format json --db .artifacts/heldout.db -o .artifacts/heldout.json
	$(BIN)/python $(SHARED)/eval/score.py --gold tests/heldout/gold.yaml --export .artifacts/heldout.json \
	    --texts tests/heldout/corpus --json .artifacts/heldout.report.json \
	    --asof-cmd '$(BIN)/factiongraph asof {date} --format json --db .artifacts/heldout.db'

eval-dev: install
	mkdir -p .artifacts
	rm -f .artifacts/devset.db .artifacts/devset.db-wal .artifacts/devset.db-shm
	$(BIN)/factiongraph ingest tests/devset/corpus --db .artifacts/devset.db --quiet || true
	$(BIN)/factiongraph export --format json --db .artifacts/devset.db -o .artifacts/devset.json
	$(BIN)/python $(SHARED)/eval/score.py --gold tests/devset/gold.yaml --export .artifacts/devset.json \
	    --texts tests/devset/corpus --json .artifacts/devset.report.json \
	    --asof-cmd '$(BIN)/factiongraph asof {date} --format json --db .artifacts/devset.db'

bench: dev
	$(BIN)/pip install --quiet -e ".[bench]"
	$(BIN)/python bench/run.py --shared $(SHARED)

model: dev
	$(BIN)/python training/train.py --corpora $(SHARED)/corpora

clean:
	rm -rf .artifacts build *.egg-info
