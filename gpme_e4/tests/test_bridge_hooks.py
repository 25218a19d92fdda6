"""Bridges declare what they add through the evidence mixin's hooks: the core
(services/ included) names no model outside its own dependencies."""

from odoo.modules.module import get_manifest
from odoo.tests import TransactionCase, tagged

from ..services import evidence_tasks, fiche_checks


def _core_modules():
    seen, todo = set(), ["gpme_e4"]
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo += get_manifest(name).get("depends", [])
    return seen | {"base"}


@tagged("post_install", "-at_install")
class TestBridgeHooks(TransactionCase):
    def test_core_names_only_models_of_its_dependencies(self):
        named = {model for model, __ in evidence_tasks.SUGGESTIONS}
        named |= set(fiche_checks._SIMPLE)
        core = _core_modules()
        for model in sorted(named):
            with self.subTest(model=model):
                self.assertIn(model, self.env)
                self.assertIn(self.env[model]._original_module, core)

    def test_a_bridge_table_extends_the_suggestions(self):
        extra = {("x.bridge", "kind"): {"done": ("1.2.3",), "*": ("1.1.1",)}}
        self.assertEqual(evidence_tasks.suggest_task_codes("x.bridge", "kind"), ())
        self.assertEqual(
            evidence_tasks.suggest_task_codes("x.bridge", "kind", "done", extra),
            ("1.2.3",),
        )
        self.assertEqual(
            evidence_tasks.suggest_task_codes("x.bridge", "kind", "draft", extra),
            ("1.1.1",),
        )

    def test_mixin_hooks_default_to_the_core_tables(self):
        order = self.env["sale.order"]
        self.assertEqual(order._gpme_evidence_task_suggestions(), {})
        self.assertEqual(
            order._gpme_evidence_function({"state": "sale"}), ("sales", "sales_order")
        )
        self.assertIn("state", order._gpme_evidence_discriminants())
