#!/usr/bin/env bash
# First start only: create the demo training database in French with l10n_fr,
# gpme_e4 and gpme_e4_demo (the training company and the demo class). Later
# starts find it and do nothing.
# tests/test_docker_scripts.py runs this very script with the local Odoo
# (ODOO_BIN, ADDONS_PATH) against a throwaway PostgreSQL.
set -euo pipefail
DB="${DB_NAME:-gpme_demo}"
read -r -a ODOO_BIN <<< "${ODOO_BIN:-odoo}"
OCA_DIR="${OCA_DIR:-/var/lib/odoo/oca}"
ADDONS_PATH="${ADDONS_PATH:-/mnt/extra-addons,$OCA_DIR/odoo/addons,/usr/lib/python3/dist-packages/odoo/addons}"
[ "${SKIP_OCA_INSTALL:-0}" = 1 ] || bash "$(dirname "${BASH_SOURCE[0]}")/oca-addons.sh"
# Odoo takes only its first argument as a subcommand: "shell" goes first.
odoo_run() {
    "${ODOO_BIN[@]}" "$@" --db_host="$HOST" --db_port="${PORT:-5432}" --db_user="$USER" \
        --db_password="$PASSWORD" -d "$DB" --addons-path="$ADDONS_PATH" \
        --data-dir="${DATA_DIR:-/var/lib/odoo}" --log-level=warn --max-cron-threads=0 \
        --no-http --stop-after-init
}
if PGPASSWORD="$PASSWORD" psql -h "$HOST" -p "${PORT:-5432}" -U "$USER" -d "$DB" -tAc \
    "SELECT 1 FROM ir_module_module WHERE name='gpme_e4' AND state='installed'" 2>/dev/null | grep -q 1; then
    echo "$DB already exists"; exit 0
fi
odoo_run -i base --load-language=fr_FR
# The training company (Bureau Plus SARL, its two years of business and the
# class year) comes with gpme_e4_demo.
odoo_run -i l10n_fr,gpme_e4,gpme_e4_demo
# PDFs: wkhtmltopdf fetches the assets from the server it runs in.
odoo_run shell <<PY
env["res.users"].with_context(active_test=False).search([]).write({"lang": "fr_FR"})
env["ir.config_parameter"].set_param("report.url", "${REPORT_URL:-http://localhost:8069}")
env.cr.commit()
PY
echo "$DB created"
