"""The schools' compose files are valid against the Compose specification and
wire the addon, the databases and the test service as documented; the demo
and production set-ups are safe by default."""

import pathlib
import subprocess
import sys

import pytest
from ruamel.yaml import YAML

DOCKER = pathlib.Path(__file__).resolve().parent.parent / "docker"
DEMO = DOCKER / "docker-compose.yml"
PROD = DOCKER / "docker-compose.prod.yml"


def _load(path):
    return YAML(typ="safe").load(path.read_text())


@pytest.mark.parametrize("compose", [DEMO, PROD], ids=["demo", "production"])
def test_compose_file_matches_the_specification(compose):
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            "vendor.compose-spec",
            str(compose),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.parametrize("compose", [DEMO, PROD], ids=["demo", "production"])
def test_images_pinned_and_ports_on_localhost(compose):
    services = _load(compose)["services"]
    for service in services.values():
        image = service["image"].split(":-")[-1].rstrip("}")
        # A dated Odoo build and a minor PostgreSQL release, never a moving tag.
        assert image in ("odoo:16.0-20250207", "postgres:15.8"), image
        for port in service.get("ports", []):
            assert port.startswith(("127.0.0.1:", "${BIND_ADDRESS:-127.0.0.1}:"))
    assert "ports" not in services["db"]


def test_demo_services():
    services = _load(DEMO)["services"]
    for name in ("init", "odoo", "tests"):
        mounts = services[name]["volumes"]
        assert any(m.startswith("../gpme_e4:/mnt/extra-addons/gpme_e4") for m in mounts)
        # The training company and the demo class are an addon of their own.
        assert "../gpme_e4_demo:/mnt/extra-addons/gpme_e4_demo:ro" in mounts
    assert services["odoo"]["depends_on"]["init"]["condition"] == (
        "service_completed_successfully"
    )
    assert "--no-database-list" in services["odoo"]["command"]
    assert services["init"]["entrypoint"] == [
        "bash",
        "/mnt/gpme-docker/init-demo.sh",
    ]
    assert "--test-enable" in services["tests"]["command"][0]


def test_production_services():
    spec = _load(PROD)
    odoo = spec["services"]["odoo"]
    env = odoo["environment"]
    # Secrets only from docker/.env: compose refuses to start without them.
    assert env["ADMIN_PASSWORD"].startswith("${ADMIN_PASSWORD:?")
    assert env["PASSWORD"].startswith("${DB_PASSWORD:?")
    assert spec["services"]["db"]["environment"]["POSTGRES_PASSWORD"].startswith(
        "${DB_PASSWORD:?"
    )
    assert odoo["entrypoint"] == ["bash", "/mnt/gpme-docker/start-prod.sh"]
    mounts = odoo["volumes"]
    for addon in ("gpme_e4", "gpme_e4_crm", "gpme_e4_stock"):
        assert f"../{addon}:/mnt/extra-addons/{addon}:ro" in mounts
    # A school's real year never gets the demo's users (passwords = logins).
    assert not any("gpme_e4_demo" in mount for mount in mounts)
    assert "./backups:/backups" in mounts
    example = (DOCKER / ".env.example").read_text()
    for key in ("ADMIN_PASSWORD=", "DB_PASSWORD=", "BIND_ADDRESS=127.0.0.1"):
        assert key in example
    assert ".env" in (DOCKER / ".gitignore").read_text().split()
