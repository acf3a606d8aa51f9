#!/usr/bin/env bash
# The test command: set the machine up (scripts/setup.sh), then run the whole suite.
# Extra arguments go to pytest, e.g. `bash scripts/test.sh -k pdf -x`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/python -m pytest "$@"
