#!/usr/bin/env bash
# Runs gpme_e4 on a demo training database, served on http://127.0.0.1:8069.
# First run: creates a private PostgreSQL cluster in .pg/ and a database with
# l10n_fr, the sales/purchase/invoicing apps, demo data, gpme_e4 and
# gpme_e4_demo (the training company and the demo class), in French.
# Safe by default: HTTP on 127.0.0.1 only (GPME_HTTP_INTERFACE to change it),
# no database manager, a random master password, PostgreSQL without TCP.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PGDIR="${GPME_PG_DIR:-$GPME_ROOT/.pg}"
PGPORT_RUN="${GPME_PG_PORT:-54329}"
HTTP_PORT="${GPME_HTTP_PORT:-8069}"
HTTP_INTERFACE="${GPME_HTTP_INTERFACE:-127.0.0.1}"
DB="${GPME_DB:-gpme_demo}"
STATE="${GPME_STATE_DIR:-$GPME_ROOT/.odoo}"

ensure_deps
# No TCP: Odoo reaches PostgreSQL over the socket in its private directory.
GPME_PG_LISTEN="" pg_start "$PGDIR" "$PGPORT_RUN"
mkdir -p "$STATE"
CONF="$STATE/odoo.conf"
write_run_conf "$CONF" "$PGDIR" "$PGPORT_RUN" "$STATE/data" "$HTTP_PORT" "$HTTP_INTERFACE" "$DB"

db_sql() { "$PY" - "$PGDIR" "$PGPORT_RUN" "$@"; }

if ! db_sql "$DB" <<'PY'
import sys, psycopg2
host, port, db = sys.argv[1:4]
conn = psycopg2.connect(host=host, port=port, user="gpme", dbname="postgres")
cur = conn.cursor()
cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", (db,))
exists = cur.fetchone()
if exists:
    cur.close(); conn.close()
    conn = psycopg2.connect(host=host, port=port, user="gpme", dbname=db)
    cur = conn.cursor()
    cur.execute("SELECT 1 FROM ir_module_module WHERE name = 'gpme_e4' AND state = 'installed'")
    exists = cur.fetchone()
sys.exit(0 if exists else 1)
PY
then
    say "First run: creating the demo training database $DB (a minute or two)"
    odoo_cmd -c "$CONF" -d "$DB" -i base --load-language=fr_FR --stop-after-init --log-level=warn
    # The training company (Bureau Plus SARL, French chart, two fiscal years)
    # and the class year come with gpme_e4_demo (its data and demo data).
    odoo_cmd -c "$CONF" -d "$DB" -i gpme_e4,gpme_e4_demo --stop-after-init --log-level=warn
    odoo_cmd shell -c "$CONF" -d "$DB" --log-level=warn <<'PY' >/dev/null
env["res.users"].with_context(active_test=False).search([]).write({"lang": "fr_FR", "tz": "Europe/Paris"})
env["res.partner"].with_context(active_test=False).search([("lang", "!=", "fr_FR")]).write({"lang": "fr_FR"})
env.cr.commit()
PY
fi

# wkhtmltopdf fetches the PDF assets with the user's session: it must reach
# this very server, whatever web.base.url says.
REPORT_HOST="$HTTP_INTERFACE"
case "$REPORT_HOST" in 0.0.0.0|"") REPORT_HOST=127.0.0.1 ;; esac
db_sql "$DB" "http://$REPORT_HOST:$HTTP_PORT" <<'PY'
import sys, psycopg2
host, port, db, url = sys.argv[1:5]
with psycopg2.connect(host=host, port=port, user="gpme", dbname=db) as conn, conn.cursor() as cur:
    cur.execute(
        "INSERT INTO ir_config_parameter (key, value, create_uid, write_uid, create_date, write_date)"
        " VALUES ('report.url', %s, 1, 1, now() at time zone 'UTC', now() at time zone 'UTC')"
        " ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value", (url,))
PY

cat >&2 <<MSG

  gpme_e4 runs on http://$REPORT_HOST:$HTTP_PORT  (database $DB, listening on $HTTP_INTERFACE)
  Logins (password = login), training company Bureau Plus SARL:
    admin    administrator (password admin)
    prof     teacher, Claire Martin       prof2   teacher, Thomas Petit
    eleve1   student, Léa Dubois (complete dossier, handed in)
    eleve2   student, Hugo Bernard (halfway)
    eleve3   student, Inès Moreau (just starting)
    eleve4   student, Yanis Girard (never logged in)
    jury     commission member, Marc Lefèvre (examines Léa)
  Database manager off; master password in $GPME_SECRETS_DIR/master-password.
  Stop with Ctrl+C; the database stays in $PGDIR.

MSG
exec "$PY" -c 'import sys, odoo.cli; sys.argv[0] = "odoo"; odoo.cli.main()' -c "$CONF" -d "$DB" "$@"
