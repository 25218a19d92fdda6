#!/usr/bin/env bash
# Fast edit-test loop for developers: a persistent dev cluster per checkout,
# the module installed once then upgraded, pytest on the given paths/args.
#   scripts/dev-test.sh gpme_e4/tests/test_referential.py -k labels
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
require_odoo
ensure_pip_packages
ensure_wkhtmltopdf
pin_test_dates
hash="$(echo "$GPME_ROOT" | md5sum | cut -c1-6)"
DIR="${GPME_DEV_DIR:-/tmp/gpme-dev-$hash}"
PORT="${GPME_DEV_PORT:-$((40000 + 0x${hash:0:4} % 20000))}"
mkdir -p "$DIR"; chmod 755 "$DIR"
pg_start "$DIR/pg" "$PORT" "-c fsync=off -c full_page_writes=off -c synchronous_commit=off"
CONF="$DIR/odoo.conf"
write_odoo_conf "$CONF" "$PORT" "$DIR/data" "$(free_port)"
DB=gpme_dev
if [ ! -f "$DIR/installed" ]; then
    odoo_cmd -c "$CONF" -d "$DB" -i gpme_e4 --load-language=fr_FR --stop-after-init --log-level=warn --max-cron-threads=0
    touch "$DIR/installed"
elif [ "${GPME_NO_UPDATE:-0}" != 1 ]; then
    odoo_cmd -c "$CONF" -d "$DB" -u gpme_e4 --stop-after-init --log-level=warn --max-cron-threads=0
fi
echo "$CONF" > "$DIR/conf_path"
say "dev database $DB on port $PORT (config $CONF)"
cd "$GPME_ROOT"
export GPME_TEST_DIR="$DIR"
if [ "$#" = 0 ]; then set -- gpme_e4/tests tests; fi
exec "$PY" -m pytest -p no:cacheprovider --odoo-config="$CONF" --odoo-database="$DB" --odoo-http \
    --odoo-log-level=warn -rfEs "$@"
