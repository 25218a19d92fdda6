#!/usr/bin/env bash
# Style gate: ruff (lint and format) and pylint-odoo's OCA mandatory checks.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$GPME_ROOT"
say "Lint: ruff"
"$PY" -m ruff check gpme_e4 tests scripts
"$PY" -m ruff format --check gpme_e4 tests scripts
say "Lint: pylint-odoo (OCA mandatory checks)"
"$PY" -m pylint --rcfile=.pylintrc-mandatory gpme_e4
