#!/usr/bin/env bash
# Re-export gpme_e4.pot from the dev database (scripts/dev-test.sh makes it)
# and refresh fr.po, keeping every existing translation.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
hash="$(echo "$GPME_ROOT" | md5sum | cut -c1-6)"
DIR="${GPME_DEV_DIR:-/tmp/gpme-dev-$hash}"
CONF="$DIR/odoo.conf"
[ -f "$CONF" ] || die "Run scripts/dev-test.sh once first (it creates the dev database)."
I18N="$GPME_ROOT/gpme_e4/i18n"
odoo_cmd -c "$CONF" -d gpme_dev -u gpme_e4 --stop-after-init --log-level=warn
odoo_cmd -c "$CONF" -d gpme_dev --modules=gpme_e4 --i18n-export="$I18N/gpme_e4.pot" \
    --stop-after-init --log-level=warn
"$PY" "$GPME_ROOT/scripts/i18n_merge.py" "$I18N/gpme_e4.pot" "$I18N/fr.po" "$@"
