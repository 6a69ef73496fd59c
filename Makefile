# Developer shortcuts. The two commands that matter are in the README: python3 dev.py up / test.
.PHONY: up test bench lint

up:
	python3 dev.py up

test:
	python3 dev.py test

# What CI's lint runs. Works on a fresh clone: the first line creates .venv. The migration linter reads
# the SQL on PostgreSQL: LINT_PG names a server's maintenance database (nothing is written to it).
lint:
	python3 dev.py test --collect-only -q >/dev/null
	.venv/bin/ruff check src tests bench
	.venv/bin/ruff format --check src tests bench
	.venv/bin/mypy
	.venv/bin/lint-imports --no-logo
	.venv/bin/motcua openapi --check
	.venv/bin/motcua settings-table --check README.md
	DATABASE_URL=$${LINT_PG:-postgres://postgres@127.0.0.1:5432/postgres} .venv/bin/python .ci/lint_migrations.py

# Benchmarks against the local PostgreSQL (see bench/run.py). Quick run: BENCH_DOSSIERS=100000 make bench
bench:
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk >/dev/null)  # load generator of the tracking benchmark
	python3 dev.py test --collect-only -q >/dev/null
	.venv/bin/python bench/run.py
	DATABASE_URL=$${BENCH_PG:-postgres://postgres@127.0.0.1:5432}/motcua_bench_proc .venv/bin/python bench/processes_bench.py
