from odoo_test_helper import FakeModelLoader

from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestLockMixin(TransactionCase):
    """gpme.lock.mixin on a fake model: fields per state and role, checked in
    create, write and unlink of the record and of the target of a move."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.loader = FakeModelLoader(cls.env, cls.__module__)
        cls.loader.backup_registry()
        # Imported here: the fake models must not load with the module.
        from .fake_locked_models import (  # noqa: PLC0415
            GpmeFakeLocked,
            GpmeFakeLockedLine,
        )

        cls.loader.update_registry((GpmeFakeLocked, GpmeFakeLockedLine))
        for model in ("gpme.fake.locked", "gpme.fake.locked.line"):
            cls.env["ir.model.access"].create(
                {
                    "name": model,
                    "model_id": cls.env["ir.model"]._get_id(model),
                    "group_id": cls.env.ref("base.group_user").id,
                    "perm_read": True,
                    "perm_write": True,
                    "perm_create": True,
                    "perm_unlink": True,
                }
            )
        cls.owner = new_test_user(cls.env, "t_lock_owner", name="Owner")
        cls.other = new_test_user(cls.env, "t_lock_other", name="Other")
        cls.admin = new_test_user(cls.env, "t_lock_admin", groups="gpme_e4.group_admin")
        Fake = cls.env["gpme.fake.locked"]
        cls.open_rec = Fake.create({"name": "A", "owner_id": cls.owner.id})
        cls.closed_rec = Fake.create(
            {"name": "B", "owner_id": cls.owner.id, "state": "closed"}
        )
        cls.others_rec = Fake.create({"name": "C", "owner_id": cls.other.id})

    @classmethod
    def tearDownClass(cls):
        cls.loader.restore_registry()
        super().tearDownClass()

    def test_fields_per_state_and_role(self):
        rec = self.open_rec.with_user(self.owner)
        rec.write({"name": "A2", "note": "n"})
        closed = self.closed_rec.with_user(self.owner)
        closed.note = "still open for notes"
        with self.assertRaisesRegex(AccessError, "Name.*Closed"):
            closed.name = "B2"
        with self.assertRaises(AccessError):
            self.others_rec.with_user(self.owner).name = "C2"
        self.assertEqual(self.closed_rec.name, "B")

    def test_protected_fields_need_admin(self):
        with self.assertRaises(AccessError):
            self.open_rec.with_user(self.owner).owner_id = self.other
        self.open_rec.with_user(self.admin).owner_id = self.other
        self.closed_rec.with_user(self.admin).name = "B3"
        self.assertEqual(self.closed_rec.name, "B3")

    def test_create_and_unlink(self):
        Fake = self.env["gpme.fake.locked"].with_user(self.owner)
        with self.assertRaises(AccessError):
            Fake.create({"name": "X", "owner_id": self.owner.id, "state": "closed"})
        with self.assertRaises(AccessError):
            self.closed_rec.with_user(self.owner).unlink()
        Fake.create({"name": "Y", "owner_id": self.owner.id}).unlink()

    def test_line_follows_parent_and_move_target_checked(self):
        Line = self.env["gpme.fake.locked.line"].with_user(self.owner)
        line = Line.create({"parent_id": self.open_rec.id, "name": "l"})
        with self.assertRaises(AccessError):
            Line.create({"parent_id": self.closed_rec.id, "name": "l"})
        # Moving into a closed parent, or into someone else's, is refused.
        for target in (self.closed_rec, self.others_rec):
            with self.assertRaises(AccessError):
                line.parent_id = target
            self.assertEqual(line.parent_id, self.open_rec)
        self.env["gpme.fake.locked.line"].create(
            {"parent_id": self.closed_rec.id, "name": "as superuser"}
        )

    def test_attachments_of_frozen_records(self):
        Att = self.env["ir.attachment"].with_user(self.owner)
        Att.create(
            {
                "name": "a",
                "raw": b"a",
                "res_model": "gpme.fake.locked",
                "res_id": self.open_rec.id,
            }
        )
        with self.assertRaises(AccessError):
            Att.create(
                {
                    "name": "b",
                    "raw": b"b",
                    "res_model": "gpme.fake.locked",
                    "res_id": self.closed_rec.id,
                }
            )
