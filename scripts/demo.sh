#!/usr/bin/env bash
# The main job on the bundled example: set the machine up, score four CRM vendors' bids
# as marked by a five-member committee, print the ranking, and write the report the
# committee signs (evaluation.pdf) with its HTML twin (evaluation.html).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
rubric=rubrics/crm-vendor-selection.yaml
bids=rubrics/examples/crm-vendor-bids.yaml
.venv/bin/scoring score "$rubric" "$bids"
.venv/bin/scoring report "$rubric" "$bids" -o evaluation.pdf
.venv/bin/scoring report "$rubric" "$bids" -o evaluation.html
