#!/usr/bin/env bash
# The whole test suite of gpme_e4 on a throwaway PostgreSQL cluster and database:
# lint, install from scratch, then pytest (Odoo tests, HTTP/RPC, browser tours,
# pure unit tests, upgrade, compose file). Ends with pytest's summary line.
# Extra arguments go to pytest (e.g. -k evidence).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ensure_deps
pin_test_dates
if [ "${GPME_SKIP_LINT:-0}" != 1 ]; then
    "$GPME_ROOT/scripts/lint.sh"
fi

WORK="$(mktemp -d /tmp/gpme-test.XXXXXX)"
chmod 755 "$WORK"
PGPORT_TEST="$(free_port)"
cleanup() { pg_stop "$WORK/pg"; rm -rf "$WORK"; }
trap cleanup EXIT
# Durability is pointless for a throwaway cluster; speed is not.
pg_start "$WORK/pg" "$PGPORT_TEST" "-c fsync=off -c full_page_writes=off -c synchronous_commit=off"

CONF="$WORK/odoo.conf"
write_odoo_conf "$CONF" "$PGPORT_TEST" "$WORK/data" "$(free_port)"
DB=gpme_test
say "Installing gpme_e4 and gpme_e4_demo from scratch in a new database (with demo data and French)"
odoo_cmd -c "$CONF" -d "$DB" -i gpme_e4,gpme_e4_demo --load-language=fr_FR --stop-after-init \
    --log-level=warn --max-cron-threads=0 2>&1 | tee "$WORK/install.log" | grep -v "^$" | tail -n 20 >&2
if grep -qE " (ERROR|CRITICAL) " "$WORK/install.log"; then
    die "gpme_e4 and gpme_e4_demo did not install cleanly (see the errors above)."
fi
# The upgrade test starts from a copy of this fresh install (not another one).
say "Copying the fresh install for the upgrade test"
duplicate_db "$CONF" "$DB" "${DB}_upgrade"
export GPME_UPGRADE_DB="${DB}_upgrade"

cd "$GPME_ROOT"
export GPME_TEST_DIR="$WORK"
# The tests that read the calendar, for the date matrix below.
DATE_TESTS=(gpme_e4_demo/tests/test_demo.py)
DATE_TESTS+=(gpme_e4/tests/{test_dossier_indicators,test_indicators_running_year,test_dossier_workflow}.py
    gpme_e4/tests/{test_fiche_workflow,test_fiche_review,test_conformity_rules,test_evaluation}.py
    gpme_e4/tests/{test_evaluation_rules,test_situation_b,test_internship_facts,test_journal}.py
    gpme_e4/tests/test_student_inbox.py)
# The crm and stock bridges get their own database: installing crm and stock
# changes the sales flows the main suite's tests rely on.
if [ "${GPME_SKIP_BRIDGES:-0}" != 1 ]; then
    say "Bridges: gpme_e4_crm and gpme_e4_stock in a database with crm and stock"
    duplicate_db "$CONF" "$DB" "${DB}_bridges"
    odoo_cmd -c "$CONF" -d "${DB}_bridges" -i gpme_e4_crm,gpme_e4_stock \
        --stop-after-init --log-level=warn --max-cron-threads=0 > "$WORK/bridges.log" 2>&1 \
        || { tail -n 40 "$WORK/bridges.log" >&2; die "The bridges did not install."; }
    "$PY" -m pytest -p no:cacheprovider --odoo-config="$CONF" --odoo-database="${DB}_bridges" \
        --odoo-log-level=warn -q -rfEs gpme_e4_crm/tests gpme_e4_stock/tests \
        || die "The bridge modules' tests failed."
fi

say "Building the asset bundles once, as Odoo's test runner does"
pregenerate_assets "$CONF" "$DB"

# The install-path tests install Odoo databases of their own, as the
# containers and run.sh do (about 20 minutes more on two cores): run them with
# GPME_INSTALL_TESTS=1 (a release, a change to scripts/ or docker/).
if [ "${GPME_INSTALL_TESTS:-0}" != 1 ]; then
    set -- --ignore=tests/test_install_paths.py "$@"
fi

# CI's extra steps (.ci/run sets them), timed apart from the README's command.
extra_start=$SECONDS
# The date matrix: the tests that read the calendar (demo, indicators,
# deadlines, periods, bilans, evaluation) again as if the suite ran on other
# days, far from the demo's build date (the clock frozen there, ticking).
for when in ${GPME_DATE_MATRIX:-}; do
    say "Date matrix: the calendar tests as if run on $when"
    GPME_FREEZE_NOW="$when" "$PY" -m pytest -p no:cacheprovider --odoo-config="$CONF" \
        --odoo-database="$DB" --odoo-http --odoo-log-level=warn -q -rfEs "${DATE_TESTS[@]}" \
        || die "The calendar tests failed as if run on $when."
done
# Odoo's own sale, sale_management and purchase suites with gpme_e4
# installed (it overrides orders, invoices, payments, partners, attachments
# and reports): the training PGI must stay unharmed.
if [ "${GPME_ODOO_SUITES:-0}" = 1 ]; then
    say "Odoo's own sale, sale_management and purchase tests with gpme_e4 installed"
    PGI_DB="${DB}_pgi"
    odoo_cmd -c "$CONF" -d "$PGI_DB" -i l10n_generic_coa,gpme_e4 --without-demo=all \
        --stop-after-init --log-level=warn --max-cron-threads=0 > "$WORK/pgi-install.log" 2>&1 \
        || { tail -n 40 "$WORK/pgi-install.log" >&2; die "gpme_e4 did not install without demo data."; }
    pgi_tests() {
        odoo_cmd -c "$CONF" -d "$PGI_DB" --test-enable --test-tags="$1" --stop-after-init \
            --log-level=test --max-cron-threads=0 > "$2" 2>&1 || true
        summary="$(grep -E "[0-9]+ failed, [0-9]+ error\(s\) of [0-9]+ tests" "$2" | tail -n 1)"
        echo "${summary#*odoo.tests.result: }"
        [ -n "$summary" ] && grep -qE " 0 failed, 0 error\(s\) of [1-9][0-9]* tests" <<<"$summary"
    }
    if ! pgi_tests /sale,/sale_management,/purchase "$WORK/pgi-tests.log"; then
        # Odoo's browser tours time out now and then on a busy 2-core
        # machine: the failed tests run once more, alone, and must pass.
        failed="$(grep -oE "odoo\.addons\.[a-z_]+\.tests\.[a-z_0-9]+: (FAIL|ERROR): [A-Za-z_0-9]+\.[a-z_0-9]+" \
            "$WORK/pgi-tests.log" | sed -E 's/odoo\.addons\.([a-z_]+)\.tests\.[a-z_0-9]+: (FAIL|ERROR): /\/\1:/' \
            | sort -u | paste -sd, -)"
        grep -E "(ERROR|FAIL):" "$WORK/pgi-tests.log" | head -n 20 >&2
        [ -n "$failed" ] || die "Odoo's own sale/purchase tests failed with gpme_e4 installed."
        say "Running again alone: $failed"
        pgi_tests "$failed" "$WORK/pgi-retry.log" \
            || { grep -E "(ERROR|FAIL)" "$WORK/pgi-retry.log" | head -n 40 >&2; \
                 die "Odoo's own sale/purchase tests failed with gpme_e4 installed."; }
    fi
fi
extra=$((SECONDS - extra_start))
say "Running the tests"
# The browser tours append their axe-core counts here (tests/tour_common.py).
export GPME_AXE_REPORT="$WORK/axe.jsonl"
set +e
"$PY" -m pytest -p no:cacheprovider --odoo-config="$CONF" --odoo-database="$DB" --odoo-http \
    --odoo-log-level=warn -rfEs --durations=25 "$@" gpme_e4/tests gpme_e4_demo/tests tests
rc=$?
set -e
"$PY" "$GPME_ROOT/scripts/axe_report.py" "$GPME_AXE_REPORT" >&2 || true
say "Time: $((SECONDS - extra)) s for the README's test command$([ "$extra" -gt 0 ] && echo ", $extra s for CI's extra steps (date matrix, Odoo's suites)")"
exit $rc
