#!/usr/bin/env bash
# First start only: create the demo training database with a French company,
# l10n_fr and gpme_e4. Later starts find it and do nothing.
set -euo pipefail
ODOO=(odoo --db_host="$HOST" --db_user="$USER" --db_password="$PASSWORD" -d gpme_demo
      --addons-path=/mnt/extra-addons,/usr/lib/python3/dist-packages/odoo/addons
      --stop-after-init --log-level=warn)
if PGPASSWORD="$PASSWORD" psql -h "$HOST" -U "$USER" -d gpme_demo -tAc \
    "SELECT 1 FROM ir_module_module WHERE name='gpme_e4' AND state='installed'" 2>/dev/null | grep -q 1; then
    echo "gpme_demo already exists"; exit 0
fi
"${ODOO[@]}" -i base --load-language=fr_FR
"${ODOO[@]/--stop-after-init/}" shell --stop-after-init <<'PY'
company = env.ref("base.main_company")
company.write({"name": "Bureau Plus SARL", "country_id": env.ref("base.fr").id,
               "currency_id": env.ref("base.EUR").id, "city": "Lyon"})
env.cr.commit()
PY
"${ODOO[@]}" -i l10n_fr,gpme_e4
"${ODOO[@]/--stop-after-init/}" shell --stop-after-init <<'PY'
env["res.users"].with_context(active_test=False).search([]).write({"lang": "fr_FR"})
env.cr.commit()
PY
