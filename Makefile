# The two commands of the README: `make demo` and `make test`. Both install what is
# missing first (scripts/setup), so they work on a fresh Debian machine.
PY := .venv/bin/python
SAMPLE ?= $(firstword $(wildcard samples/packets/*/))

.PHONY: setup demo test test-all accuracy bench samples services

setup:
	@./scripts/setup

demo: setup
	$(PY) -m claimdocs.cli process $(SAMPLE) $(if $(wildcard $(SAMPLE)claim.json),--claim $(SAMPLE)claim.json)

test: setup
	.venv/bin/pytest -q

test-all: setup
	.venv/bin/pytest -q -m ''

accuracy: setup
	$(PY) -m bench.accuracy --count 30 --seed 3041
	$(PY) -m bench.accuracy --count 30 --seed 2027 --cover --from-truth

bench: setup
	$(PY) -m bench.speed

samples: setup
	$(PY) -m samples.generate --out samples/generated --count 30 --seed 9001 --clean
