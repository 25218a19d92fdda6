#!/usr/bin/env bash
# The OCA addons gpme_e4 depends on, from PyPI into $OCA_DIR (a volume), once.
# The official image lacks them; their Python dependencies come along.
set -euo pipefail
OCA_DIR="${OCA_DIR:-/var/lib/odoo/oca}"
REQ="$(dirname "${BASH_SOURCE[0]}")/oca-requirements.txt"
stamp="$OCA_DIR/.installed-$(sha256sum "$REQ" | cut -c1-12)"
[ -f "$stamp" ] && exit 0
# --no-deps: the odoo-addon wheels require "odoo", which is the image itself.
pip3 install -q --no-deps --upgrade --target "$OCA_DIR" -r "$REQ"
pip3 install -q --user xlsxwriter
touch "$stamp"
