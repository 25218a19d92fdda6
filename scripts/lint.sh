#!/usr/bin/env bash
# Style gate: ruff (lint and format) and pylint-odoo's OCA mandatory checks.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_venv
ensure_pip_packages
cd "$GPME_ROOT"
say "Lint: ruff"
"$PY" -m ruff check gpme_e4 gpme_e4_crm gpme_e4_stock tests scripts conftest.py
"$PY" -m ruff format --check gpme_e4 gpme_e4_crm gpme_e4_stock tests scripts conftest.py
say "Lint: pylint-odoo (OCA mandatory checks)"
"$PY" -m pylint --rcfile=.pylintrc-mandatory gpme_e4 gpme_e4_crm gpme_e4_stock
