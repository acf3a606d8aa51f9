#!/usr/bin/env bash
# Prepare this checkout on a fresh machine, idempotently:
#   - the system packages WeasyPrint and the tests need (Pango, a CJK font, poppler-utils),
#     installed with apt-get when missing (as root, or through sudo);
#   - a virtual environment in .venv with the project, its test dependencies and the checkers
#     (mypy, ruff) that the test command runs.
# Only Python 3.11+ must already be there. Set PYTHON to pick the interpreter.
set -euo pipefail
cd "$(dirname "$0")/.."

# Pango draws the text WeasyPrint lays out; HarfBuzz-Subset trims the fonts it embeds
# (WeasyPrint's fallback, fontTools, takes some 20 s per report with Noto CJK, and warns);
# fontconfig finds fonts, and its fc-list tells whether one covers Chinese; Noto CJK
# renders Chinese reports as Chinese;
# poppler-utils (pdftotext, pdffonts, pdftoppm) lets the tests read rendered PDFs back.
SYSTEM_PACKAGES=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig fonts-noto-cjk poppler-utils)

if command -v dpkg-query >/dev/null 2>&1; then
    missing=()
    for package in "${SYSTEM_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" || missing+=("$package")
    done
    if ((${#missing[@]})); then
        echo "setup: installing ${missing[*]}" >&2
        sudo=""
        [ "$(id -u)" = 0 ] || sudo="sudo"
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    fi
else
    echo "setup: not a Debian system; make sure Pango, a CJK font (Noto Sans CJK) and poppler-utils are installed" >&2
fi

python="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$python" -m venv .venv
# Reinstall only when the project's dependencies change.
stamp=".venv/.installed-$(cat pyproject.toml | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ]; then
    .venv/bin/python -m pip install -q --upgrade pip
    .venv/bin/python -m pip install -q -e ".[dev]"
    rm -f .venv/.installed-*
    touch "$stamp"
fi
