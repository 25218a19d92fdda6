#!/usr/bin/env bash
# Runs gpme_e4 on a demo training database, served on http://localhost:8069.
# First run: creates a private PostgreSQL cluster in .pg/ and a database with
# l10n_fr, the sales/purchase/invoicing apps, demo data and gpme_e4, in French.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PGDIR="${GPME_PG_DIR:-$GPME_ROOT/.pg}"
PGPORT_RUN="${GPME_PG_PORT:-54329}"
HTTP_PORT="${GPME_HTTP_PORT:-8069}"
DB="${GPME_DB:-gpme_demo}"

ensure_deps
pg_start "$PGDIR" "$PGPORT_RUN"
mkdir -p "$GPME_ROOT/.odoo"
CONF="$GPME_ROOT/.odoo/odoo.conf"
write_odoo_conf "$CONF" "$PGPORT_RUN" "$GPME_ROOT/.odoo/data" "$HTTP_PORT"

if ! "$PY" - "$PGPORT_RUN" "$DB" <<'PY'
import sys, psycopg2
conn = psycopg2.connect(host="127.0.0.1", port=sys.argv[1], user="gpme", dbname="postgres")
cur = conn.cursor()
cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", (sys.argv[2],))
exists = cur.fetchone()
if exists:
    cur.close(); conn.close()
    conn = psycopg2.connect(host="127.0.0.1", port=sys.argv[1], user="gpme", dbname=sys.argv[2])
    cur = conn.cursor()
    cur.execute("SELECT 1 FROM ir_module_module WHERE name = 'gpme_e4' AND state = 'installed'")
    exists = cur.fetchone()
sys.exit(0 if exists else 1)
PY
then
    say "First run: creating the demo training database $DB (a minute or two)"
    odoo_cmd -c "$CONF" -d "$DB" -i base --load-language=fr_FR --stop-after-init --log-level=warn
    # The training company (Bureau Plus SARL, French chart, two fiscal years)
    # and the class year come with the demo data of gpme_e4.
    odoo_cmd -c "$CONF" -d "$DB" -i gpme_e4 --stop-after-init --log-level=warn
    odoo_cmd shell -c "$CONF" -d "$DB" --log-level=warn <<'PY' >/dev/null
env["res.users"].with_context(active_test=False).search([]).write({"lang": "fr_FR", "tz": "Europe/Paris"})
env["res.partner"].with_context(active_test=False).search([("lang", "!=", "fr_FR")]).write({"lang": "fr_FR"})
env.cr.commit()
PY
fi

cat >&2 <<MSG

  gpme_e4 runs on http://localhost:$HTTP_PORT  (database $DB)
  Logins (password = login), training company Bureau Plus SARL:
    admin    administrator (password admin)
    prof     teacher, Claire Martin       prof2   teacher, Thomas Petit
    eleve1   student, Léa Dubois (complete dossier)
    eleve2   student, Hugo Bernard (halfway)
    eleve3   student, Inès Moreau (just starting)
    eleve4   student, Yanis Girard (never logged in)
    jury     commission member, Marc Lefèvre
  Stop with Ctrl+C; the database stays in $PGDIR.

MSG
exec "$PY" -c 'import sys, odoo.cli; sys.argv[0] = "odoo"; odoo.cli.main()' -c "$CONF" -d "$DB" --db-filter="^$DB\$" "$@"
