"""Assemble an addon's README.rst from readme/*.rst (OCA layout) and render
static/description/index.html with docutils.

Usage: python3 scripts/gen_readme.py gpme_e4   (or gpme_e4_demo)
"""

import ast
import pathlib
import sys

from docutils.core import publish_string

addon = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "gpme_e4")


def frag(name):
    return (addon / "readme" / name).read_text().strip() + "\n"


title = ast.literal_eval((addon / "__manifest__.py").read_text())["name"]
bar = "=" * len(title)


def section(name, body, ch="="):
    return f"{name}\n{ch * len(name)}\n\n{body}\n"


parts = [
    ".. This file is assembled from the fragments in readme/ (OCA layout):\n"
    "   edit those, then run scripts/gen_readme.py to regenerate this file and\n"
    "   static/description/index.html.\n",
    f"{bar}\n{title}\n{bar}\n",
    "|badge1| |badge2| |badge3|\n\n"
    ".. |badge1| image:: https://img.shields.io/badge/maturity-Alpha-red.png\n"
    "    :target: https://odoo-community.org/page/development-status\n"
    "    :alt: Alpha\n"
    ".. |badge2| image:: https://img.shields.io/badge/licence-AGPL--3-blue.png\n"
    "    :target: http://www.gnu.org/licenses/agpl-3.0-standalone.html\n"
    "    :alt: License: AGPL-3\n"
    ".. |badge3| image:: https://img.shields.io/badge/odoo-16.0-875A7B.png\n"
    "    :target: https://github.com/gpme-e4/gpme_e4\n"
    "    :alt: Odoo 16.0\n",
    frag("DESCRIPTION.rst"),
    "**Table of contents**\n\n.. contents::\n   :local:\n",
    *[
        section(name, frag(fragment))
        for name, fragment in (
            ("Configuration", "CONFIGURE.rst"),
            ("Usage", "USAGE.rst"),
            ("Known issues / Roadmap", "ROADMAP.rst"),
        )
        if (addon / "readme" / fragment).exists()
    ],
    section(
        "Bug Tracker",
        "Bugs are tracked on `GitHub Issues\n"
        "<https://github.com/gpme-e4/gpme_e4/issues>`_. In case of trouble, please\n"
        "check there if your issue has already been reported. If you spotted it\n"
        "first, help us to smash it by providing a detailed and welcomed feedback.\n",
    ),
    section(
        "Credits",
        section("Authors", "* gpme_e4 contributors\n", "~")
        + "\n"
        + section("Contributors", frag("CONTRIBUTORS.rst"), "~")
        + "\n"
        + section(
            "Maintainers",
            "This module is part of the `gpme-e4/gpme_e4 "
            "<https://github.com/gpme-e4/gpme_e4>`_ project on GitHub.\n\n"
            "You are welcome to contribute.\n",
            "~",
        ),
    ),
]
readme = "\n".join(parts)
(addon / "README.rst").write_text(readme)
html = publish_string(
    readme,
    writer_name="html4css1",
    settings_overrides={
        "output_encoding": "unicode",
        "report_level": 2,
        "halt_level": 2,
        "embed_stylesheet": True,
        "doctitle_xform": True,
        "_disable_config": True,
    },
)
(addon / "static" / "description" / "index.html").write_text(html)
print("ok", len(readme), len(html))
