"""Which wkhtmltopdf the server runs, and whether Odoo can print with it.

Odoo needs the build "with patched qt": Debian's package (0.12.6, unpatched
Qt) needs an X display and, on a server, writes empty PDFs while exiting as
if all went well."""

import os
import re
import subprocess

from odoo.addons.base.models.ir_actions_report import _get_wkhtmltopdf_bin

# (path, mtime) -> (version line, problem): --version run once per binary.
_CACHE = {}


def wkhtmltopdf_bin():
    """The binary Odoo runs (looked up on PATH at each call, as Odoo does)."""
    try:
        return _get_wkhtmltopdf_bin()
    except OSError:
        return None


def wkhtmltopdf_info():
    """(path, version line, problem): problem is None when Odoo can print,
    else "missing", "broken" or "unpatched"."""
    path = wkhtmltopdf_bin()
    if not path:
        return None, "", "missing"
    try:
        key = (path, os.stat(path).st_mtime)
    except OSError:
        return path, "", "missing"
    if key not in _CACHE:
        try:
            proc = subprocess.run(
                [path, "--version"], capture_output=True, timeout=30, check=False
            )
            version = proc.stdout.decode("utf-8", "replace").strip().splitlines()
            version = version[0].strip() if version else ""
        except (OSError, subprocess.SubprocessError):
            version = ""
        if not re.search(r"\d+\.\d+", version):
            problem = "broken"
        elif "with patched qt" not in version.lower():
            problem = "unpatched"
        else:
            problem = None
        _CACHE[key] = (version, problem)
    version, problem = _CACHE[key]
    return path, version, problem


def wkhtmltopdf_label():
    """ "wkhtmltopdf: /path (version line)", to name the binary in errors."""
    path, version, problem = wkhtmltopdf_info()
    if problem == "missing":
        return "wkhtmltopdf: -"
    return f"wkhtmltopdf: {path} ({version or '?'})"
