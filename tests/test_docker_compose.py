"""The schools' compose file is valid against the Compose specification and
wires the addon, the demo database and the test service as documented."""

import pathlib
import subprocess
import sys

from ruamel.yaml import YAML

COMPOSE = (
    pathlib.Path(__file__).resolve().parent.parent / "docker" / "docker-compose.yml"
)


def test_compose_file_matches_the_specification():
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            "vendor.compose-spec",
            str(COMPOSE),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_compose_services():
    spec = YAML(typ="safe").load(COMPOSE.read_text())
    services = spec["services"]
    assert services["odoo"]["image"] == "odoo:16.0"
    assert services["db"]["image"].startswith("postgres:")
    for name in ("init", "odoo", "tests"):
        mounts = services[name]["volumes"]
        assert any(m.startswith("../gpme_e4:/mnt/extra-addons/gpme_e4") for m in mounts)
    assert "8069:8069" in services["odoo"]["ports"]
    assert services["odoo"]["depends_on"]["init"]["condition"] == (
        "service_completed_successfully"
    )
    assert "--test-enable" in services["tests"]["command"][0]
    init_script = COMPOSE.parent / "init-demo.sh"
    assert "-i l10n_fr,gpme_e4" in init_script.read_text()
