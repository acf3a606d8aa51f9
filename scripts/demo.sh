#!/usr/bin/env bash
# The main job on the bundled example: set the machine up, score the five committee
# members' marks of four CRM vendors' bids, print the ranking and keep it as JSON.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
rubric=rubrics/crm-vendor-selection.yaml
bids=rubrics/examples/crm-vendor-bids.yaml
.venv/bin/scoring score "$rubric" "$bids"
.venv/bin/scoring score "$rubric" "$bids" -o evaluation.json
