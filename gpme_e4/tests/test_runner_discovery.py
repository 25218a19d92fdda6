"""Odoo's runner (`--test-enable`, OCA CI) only runs the test modules that
tests/__init__.py imports; pytest finds the files. Six modules once ran under
pytest only."""

from pathlib import Path

from odoo.tests import BaseCase, tagged

HERE = Path(__file__).parent


@tagged("post_install", "-at_install")
class TestRunnerDiscovery(BaseCase):
    def test_every_test_module_is_imported(self):
        init = (HERE / "__init__.py").read_text()
        imported = {
            line.split("import", 1)[1].strip()
            for line in init.splitlines()
            if line.startswith("from . import")
        }
        files = {path.stem for path in HERE.glob("test_*.py")}
        self.assertEqual(files - imported, set())
