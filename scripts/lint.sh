#!/usr/bin/env bash
# Style gate: ruff (lint and format) and pylint-odoo's OCA mandatory checks, at
# the versions pinned in .pre-commit-config.yaml (the same hooks pre-commit runs).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_venv
ensure_pip_packages
cd "$GPME_ROOT"
hook_rev() { sed -n "\\#repo: .*/$1\$#{n;s/^ *rev: v//p}" .pre-commit-config.yaml; }
RUFF_VERSION="$(hook_rev ruff-pre-commit)"
PYLINT_ODOO_VERSION="$(hook_rev pylint-odoo)"
[ -n "$RUFF_VERSION" ] && [ -n "$PYLINT_ODOO_VERSION" ] || die "No ruff/pylint-odoo rev in .pre-commit-config.yaml."
installed() { "$PY" -m pip show "$1" 2>/dev/null | sed -n 's/^Version: //p'; }
if [ "$(installed ruff)" != "$RUFF_VERSION" ] || [ "$(installed pylint-odoo)" != "$PYLINT_ODOO_VERSION" ]; then
    say "Installing the pinned linters: ruff==$RUFF_VERSION pylint-odoo==$PYLINT_ODOO_VERSION"
    "$PY" -m pip install -q "ruff==$RUFF_VERSION" "pylint-odoo==$PYLINT_ODOO_VERSION"
fi
say "Lint: ruff $RUFF_VERSION"
"$PY" -m ruff check gpme_e4 gpme_e4_crm gpme_e4_stock gpme_e4_demo tests scripts docker conftest.py
"$PY" -m ruff format --check gpme_e4 gpme_e4_crm gpme_e4_stock gpme_e4_demo tests scripts docker conftest.py
say "Lint: pylint-odoo $PYLINT_ODOO_VERSION (OCA mandatory checks)"
"$PY" -m pylint --rcfile=.pylintrc-mandatory gpme_e4 gpme_e4_crm gpme_e4_stock gpme_e4_demo
