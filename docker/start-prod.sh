#!/usr/bin/env bash
# Production start (docker-compose.prod.yml): Odoo's configuration from the
# environment (.env secrets), the school's database created on first start (no
# demo data, French), then Odoo in multi-process mode behind the school's
# reverse proxy. tests/test_docker_scripts.py runs this very script with the
# local Odoo (ODOO_BIN, ADDONS_PATH) against a throwaway PostgreSQL.
set -euo pipefail
: "${ADMIN_PASSWORD:?set ADMIN_PASSWORD (the master password) in docker/.env}"
: "${PASSWORD:?set DB_PASSWORD in docker/.env}"
DB="${DB_NAME:-gpme}"
read -r -a ODOO_BIN <<< "${ODOO_BIN:-odoo}"
PYTHON="${ODOO_PYTHON:-python3}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OCA_DIR="${OCA_DIR:-/var/lib/odoo/oca}"
ADDONS_PATH="${ADDONS_PATH:-/mnt/extra-addons,$OCA_DIR/odoo/addons,/usr/lib/python3/dist-packages/odoo/addons}"
CONF="${ODOO_CONF_OUT:-/tmp/odoo-gpme.conf}"
HTTP_PORT="${HTTP_PORT:-8069}"
[ "${SKIP_OCA_INSTALL:-0}" = 1 ] || bash "$HERE/oca-addons.sh"

# queue_job's runner lives in the main process when loaded server-wide.
SERVER_WIDE="base,web"
IFS=, read -r -a paths <<< "$ADDONS_PATH"
for p in "${paths[@]}"; do
    [ -f "$p/queue_job/__manifest__.py" ] && SERVER_WIDE="base,web,queue_job" && break
done
# Job channels sized from the workers by the addon's one source of them,
# gpme_e4/services/job_channels.py: a PDF job holds a worker while
# wkhtmltopdf fetches its styles and header from another one, and a user
# printing needs two as well: the jobs together stay two workers below
# WORKERS (JOB_CHANNELS overrides; a root capacity above that is refused).
WORKERS="${WORKERS:-4}"
if [ -z "${JOB_CHANNELS:-}" ]; then
    for p in "${paths[@]}"; do
        if [ -f "$p/gpme_e4/services/job_channels.py" ]; then
            JOB_CHANNELS="$("$PYTHON" "$p/gpme_e4/services/job_channels.py" --workers "$WORKERS")"
            break
        fi
    done
fi
: "${JOB_CHANNELS:?gpme_e4 is not in ADDONS_PATH ($ADDONS_PATH)}"
root_capacity="$(sed -nE 's/^root:([0-9]+).*/\1/p' <<< "$JOB_CHANNELS")"
if [ -n "$root_capacity" ] && [ "$WORKERS" -gt 3 ] && [ "$root_capacity" -gt $(( WORKERS - 2 )) ]; then
    echo "JOB_CHANNELS gives the jobs $root_capacity workers of $WORKERS: PDF jobs would wait on their own styles (keep the root capacity at most WORKERS - 2)." >&2
    exit 1
fi
# odoo.conf holds the hash of the master password, never the password.
ADMIN_HASH="$("$PYTHON" -c 'import os
from passlib.context import CryptContext
print(CryptContext(["pbkdf2_sha512"]).hash(os.environ["ADMIN_PASSWORD"]))')"
(umask 077; cat > "$CONF" <<CONF
[options]
addons_path = $ADDONS_PATH
data_dir = ${DATA_DIR:-/var/lib/odoo}
db_host = $HOST
db_port = ${PORT:-5432}
db_user = $USER
db_password = $PASSWORD
db_name = $DB
dbfilter = ^$DB\$
list_db = False
admin_passwd = $ADMIN_HASH
proxy_mode = True
http_interface = ${HTTP_INTERFACE:-0.0.0.0}
http_port = $HTTP_PORT
gevent_port = ${GEVENT_PORT:-8072}
workers = $WORKERS
max_cron_threads = 1
limit_time_cpu = 600
limit_time_real = 1200
without_demo = all
server_wide_modules = $SERVER_WIDE
log_level = ${LOG_LEVEL:-info}

[queue_job]
channels = $JOB_CHANNELS
host = localhost
port = $HTTP_PORT
CONF
)

sql() { PGPASSWORD="$PASSWORD" psql -h "$HOST" -p "${PORT:-5432}" -U "$USER" -d "$DB" -tAc "$1"; }
if ! sql "SELECT 1 FROM ir_module_module WHERE name='gpme_e4' AND state='installed'" 2>/dev/null | grep -q 1; then
    echo "First start: creating the database $DB (no demo data)"
    "${ODOO_BIN[@]}" -c "$CONF" -d "$DB" -i l10n_fr,gpme_e4 --load-language=fr_FR \
        --workers=0 --max-cron-threads=0 --no-http --stop-after-init --log-level=warn
    sql "UPDATE res_partner SET lang = 'fr_FR' WHERE id IN (SELECT partner_id FROM res_users)" >/dev/null
fi
# wkhtmltopdf fetches the PDF assets with the user's session: from the server
# inside this container, not from the public address in web.base.url.
sql "INSERT INTO ir_config_parameter (key, value, create_uid, write_uid, create_date, write_date)
     VALUES ('report.url', 'http://localhost:$HTTP_PORT', 1, 1, now(), now())
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value" >/dev/null
exec "${ODOO_BIN[@]}" -c "$CONF" "$@"
