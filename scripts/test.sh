#!/usr/bin/env bash
# The test command: set the machine up (scripts/setup.sh), check types and lint, then run the
# whole suite. Extra arguments go to pytest, e.g. `bash scripts/test.sh -k pdf -x`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/mypy --strict scoring
.venv/bin/ruff check
exec .venv/bin/python -m pytest "$@"
