"""Bad input (issue 8): each case is answered by a clear error, or stored
safely; the database read back afterwards shows nothing half-written."""

from contextlib import contextmanager

from markupsafe import Markup
from psycopg2 import Error as PgError

from odoo.exceptions import UserError, ValidationError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from .common_dossier import DossierFixtures
from .evaluation_common import EvaluationFixtures

REFUSED = (UserError, ValidationError, ValueError, TypeError, PgError)
FUTURE = "2999-01-01"
LONG = "x" * 25_000


@tagged("post_install", "-at_install")
class TestBadInput(DossierFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpDossierFixtures()
        cls.env = cls.env(context=dict(cls.env.context, lang="fr_FR"))
        cls.dossier = cls.make_dossier()
        cls.fiche = cls.make_situation(cls.dossier, "Fiche", {"grcf"}, ["1.1.1"])
        cls.other_dossier = cls.make_dossier(cls.other_student)
        cls.other_fiche = cls.make_situation(
            cls.other_dossier, "Autre", {"grcf"}, ["1.1.1"], evidence=0
        )
        cls.review = cls.env["gpme.review"].create(
            {"dossier_id": cls.dossier.id, "teacher_id": cls.teacher.id}
        )
        cls.other_company = cls.env["res.company"].create({"name": "Autre société"})
        cls.foreign_partner = cls.env["res.partner"].create(
            {"name": "Client ailleurs", "company_id": cls.other_company.id}
        )

    # (label, user attribute, record attribute, values) refused on write
    WRITE_REFUSED = [
        ("date not a date", "student", "fiche", {"period_date": "pas une date"}),
        ("impossible date", "student", "fiche", {"date_start": "2026-13-45"}),
        ("end in the future", "student", "fiche", {"date_end": FUTURE}),
        (
            "end before start",
            "student",
            "fiche",
            {"date_start": "2025-03-10", "date_end": "2025-03-01"},
        ),
        ("integer as text", "student", "fiche", {"sequence": "dix"}),
        ("integer out of range", "student", "fiche", {"sequence": 10**12}),
        ("unknown modality", "student", "fiche", {"modality_id": 99999999}),
        ("id as a word", "student", "fiche", {"condition_id": "abc"}),
        ("unknown task", "student", "fiche", {"task_ids": [(4, 99999999)]}),
        ("task id as a word", "student", "fiche", {"task_ids": [(6, 0, ["x"])]}),
        ("empty title", "student", "fiche", {"name": ""}),
        ("blank title", "student", "fiche", {"name": "   "}),
        ("oversized title", "student", "fiche", {"name": "t" * 2000}),
        ("oversized analysis", "student", "fiche", {"analysis": LONG}),
        ("oversized frame", "student", "fiche", {"frame": LONG}),
        ("unknown state", "student", "fiche", {"state": "bogus"}),
        ("state by hand", "student", "fiche", {"state": "validated"}),
        ("owner by hand", "student", "fiche", {"student_id": 1}),
        ("code by hand", "student", "fiche", {"code": "SP9"}),
        ("review comment by hand", "student", "fiche", {"review_comment": "ok"}),
        ("move to other dossier", "student", "fiche", {"dossier_id": 0}),
        ("dossier state", "student", "dossier", {"state": "evaluated"}),
        ("dossier unknown state", "student", "dossier", {"state": "bogus"}),
        ("dossier owner", "student", "dossier", {"student_id": 1}),
        ("dossier class", "student", "dossier", {"cohort_id": 0}),
        ("dossier commission", "student", "dossier", {"commission_user_ids": []}),
        ("dossier unknown company", "student", "dossier", {"company_id": 99999999}),
        ("dossier company word", "student", "dossier", {"company_id": "abc"}),
        ("dossier own previous", "student", "dossier", {"previous_dossier_id": -1}),
        ("candidate oversized", "student", "dossier", {"candidate_number": LONG}),
        ("context oversized", "student", "dossier", {"ctx_market": "<p>x</p>" * 30000}),
        ("teacher rewrites context", "teacher", "dossier", {"ctx_market": "<p>x</p>"}),
        ("review impossible date", "teacher", "review", {"date": "2026-02-30"}),
        ("review in the future", "teacher", "review", {"date": FUTURE}),
        ("review by an outsider", "teacher", "review", {"teacher_id": 0}),
        ("review comment oversized", "teacher", "review", {"comment_1_1": LONG}),
        ("review owner", "teacher", "review", {"student_id": 1}),
        ("session implausible year", "admin", "session", {"year": 3000}),
        ("session negative year", "admin", "session", {"year": -1}),
        ("session year as a word", "admin", "session", {"year": "deux mille"}),
        ("class unknown session", "admin", "cohort", {"exam_session_id": 99999999}),
    ]

    def _resolve(self, vals):
        """Placeholders: 0 means the other side's record, -1 the record itself."""
        out = dict(vals)
        for key, value in vals.items():
            if value == 0 and key == "dossier_id":
                out[key] = self.other_dossier.id
            elif value == 0 and key == "cohort_id":
                out[key] = self.other_cohort.id
            elif value == 0 and key == "teacher_id":
                out[key] = self.other_teacher.id
            elif value == -1 and key == "previous_dossier_id":
                out[key] = self.dossier.id
            elif key == "commission_user_ids":
                out[key] = [(4, self.other_teacher.id)]
        return out

    @contextmanager
    def refused(self, label=""):
        """The block must raise one of REFUSED, inside a savepoint."""
        try:
            with self.env.cr.savepoint():
                yield
        except REFUSED:
            return
        self.fail(f"accepted: {label}")

    def _snapshot(self, record, vals):
        names = [n for n in vals if n in record._fields]
        record.invalidate_recordset()
        return record.sudo().read(names)

    def test_write_catalogue(self):
        records = {
            "fiche": self.fiche,
            "dossier": self.dossier,
            "review": self.review,
            "cohort": self.cohort,
            "session": self.cohort.exam_session_id,
        }
        count = 0
        for label, who, what, vals in self.WRITE_REFUSED:
            record = records[what]
            vals = self._resolve(vals)
            before = self._snapshot(record, vals)
            with self.subTest(label), mute_logger("odoo.sql_db"):
                with self.refused(label):
                    record.with_user(getattr(self, who)).write(vals)
                    record.flush_recordset()
                self.assertEqual(self._snapshot(record, vals), before, label)
            count += 1
        self.assertGreaterEqual(count, 40)

    def test_create_catalogue(self):
        Evidence = self.env["gpme.evidence"].with_user(self.student)
        partner = self.evidence_partners[4]
        cases = [
            ("not an evidence model", {"res_model": "res.users", "res_id": 1}),
            ("exam record as evidence", {"res_model": "gpme.dossier", "res_id": 1}),
            ("unknown model", {"res_model": "no.such.model", "res_id": 1}),
            ("unknown document", {"res_model": "res.partner", "res_id": 999999999}),
            ("id as a word", {"res_model": "res.partner", "res_id": "abc"}),
            (
                "another student's fiche",
                {"res_model": "res.partner", "res_id": partner.id, "situation": 0},
            ),
            (
                "another company's document",
                {"res_model": "res.partner", "res_id": self.foreign_partner.id},
            ),
        ]
        for label, vals in cases:
            situation = (
                self.other_fiche if vals.pop("situation", 1) == 0 else self.fiche
            )
            vals["situation_id"] = situation.id
            count = self.env["gpme.evidence"].sudo().search_count([])
            with self.subTest(label), mute_logger("odoo.sql_db"):
                with self.refused(label):
                    Evidence.create(vals)
                    Evidence.flush_model()
            self.assertEqual(self.env["gpme.evidence"].sudo().search_count([]), count)
        Fiche = self.env["gpme.situation"].with_user(self.student)
        for label, vals in [
            ("blank title", {"name": "  "}),
            ("other's dossier", {"name": "x", "dossier_id": self.other_dossier.id}),
            ("validated at birth", {"name": "x", "state": "validated"}),
        ]:
            vals.setdefault("dossier_id", self.dossier.id)
            with self.subTest(label), self.refused(label):
                Fiche.create(vals)
                Fiche.flush_model()
        self.assertEqual(len(self.dossier.situation_ids), 1)

    def test_html_and_script_stored_safely(self):
        payload = '<p>ok</p><script>alert(1)</script><img src=x onerror="alert(2)">'
        self.dossier.with_user(self.student).write({"ctx_market": payload})
        stored = str(self.dossier.ctx_market)
        self.assertIn("<p>ok</p>", stored)
        self.assertNotIn("<script", stored)
        self.assertNotIn("onerror", stored)
        # Plain texts are escaped where shown (chatter tracking, reports).
        self.fiche.with_user(self.student).frame = "<b>gras</b>{0.__class__}%(x)s"
        self.assertEqual(self.fiche.frame, "<b>gras</b>{0.__class__}%(x)s")
        self.assertNotIn("<b>", str(Markup("%s") % self.fiche.frame))

    def test_rule_message_is_no_template(self):
        rule = self.env["gpme.conformity.rule"].search([], limit=1)
        rule.message = "{0.__class__.__mro__}%(secret)s %s"
        findings = self.dossier._gpme_conformity_findings()[self.dossier.id]
        texts = [f.message or f.name for f in findings]
        self.assertNotIn("<class", " ".join(str(t) for t in texts))

    def test_referential_in_use_cannot_be_deleted(self):
        task = self.fiche.task_ids[:1]
        for ctx in ({}, {"gpme_force_unlink": True}):
            with self.assertRaises(UserError), self.env.cr.savepoint():
                task.with_user(self.admin).with_context(**ctx).unlink()
        self.assertTrue(task.exists())
        self.assertIn(task, self.fiche.task_ids)

    def test_attachment_size_limit(self):
        self.env["ir.config_parameter"].set_param("gpme_e4.attachment_max_mb", 1)
        Att = self.env["ir.attachment"].with_user(self.student)
        with self.assertRaisesRegex(ValidationError, "Mo|MB"):
            with self.env.cr.savepoint():
                Att.create(
                    {
                        "name": "gros.bin",
                        "raw": b"0" * (2 * 1024 * 1024),
                        "res_model": "gpme.situation",
                        "res_id": self.fiche.id,
                    }
                )
        self.assertFalse(
            Att.sudo().search(
                [("name", "=", "gros.bin"), ("res_id", "=", self.fiche.id)]
            )
        )


# Issue 20: the inputs that came back raw or were silently accepted
# (../shared/security/bad-inputs.md). Each must be refused with a French
# UserError naming the field in French (no psycopg2 or ValueError), and
# leave the record as it was.
NAMED_REFUSED = [
    # (class, label, user, record, values, field named)
    ("raw", "unknown task", "student", "fiche", {"task_ids": [(4, 99999)]}, "task_ids"),
    ("raw", "unknown tool", "student", "fiche", {"tool_ids": [(4, 99999)]}, "tool_ids"),
    (
        "raw",
        "unknown modality",
        "student",
        "fiche",
        {"modality_id": 99999},
        "modality_id",
    ),
    ("raw", "huge sequence", "student", "fiche", {"sequence": 2**40}, "sequence"),
    (
        "raw",
        "dossier as a word",
        "student",
        "fiche",
        {"dossier_id": "abc"},
        "dossier_id",
    ),
    ("raw", "oral nature", "student", "fiche", {"oral_nature": "x"}, "oral_nature"),
    (
        "raw",
        "written support",
        "student",
        "fiche",
        {"written_support": "x"},
        "written_support",
    ),
    ("raw", "month 13", "student", "fiche", {"period_month": "13"}, "period_month"),
    ("raw", "NUL in a title", "student", "fiche", {"name": "a\x00b"}, "name"),
    ("raw", "form oral", "commission", "evaluation", {"form": "oral"}, "form"),
    ("raw", "points as a word", "commission", "line", {"points": "abc"}, "points"),
    (
        "raw",
        "weeks as a word",
        "commission",
        "internship",
        {"weeks": "abc", "weeks_correction_reason": "x"},
        "weeks",
    ),
    (
        "raw",
        "training year 3",
        "admin",
        "internship",
        {"training_year": "3"},
        "training_year",
    ),
    (
        "raw",
        "deadline 30 February",
        "admin",
        "session",
        {"dossier_deadline": "2027-02-30"},
        "dossier_deadline",
    ),
    ("raw", "unknown field", "student", "fiche", {"no_such_field": 1}, None),
    (
        "accepted",
        "fiche of 1900",
        "student",
        "fiche",
        {"date_start": "1900-01-01"},
        "date_start",
    ),
    ("accepted", "is_grcf yes", "student", "fiche", {"is_grcf": "yes"}, "is_grcf"),
    ("accepted", "bilan of 1800", "teacher", "review", {"date": "1800-01-01"}, "date"),
    (
        "accepted",
        "grid comment 30,000",
        "commission",
        "evaluation",
        {"comment_a": "x" * 30_000},
        "comment_a",
    ),
    (
        "accepted",
        "line comment 30,000",
        "commission",
        "line",
        {"comment": "x" * 30_000},
        "comment",
    ),
    ("accepted", "points 1.3333", "commission", "line", {"points": 1.3333}, "points"),
    (
        "accepted",
        "internship in 2099",
        "admin",
        "internship",
        {"date_from": "2099-05-04", "date_to": "2099-06-12"},
        None,  # « Dates du stage … »: both dates named at once
    ),
    (
        "accepted",
        "employer 10,000",
        "admin",
        "internship",
        {"employer": "e" * 10_000},
        "employer",
    ),
    (
        "accepted",
        "employer blank",
        "admin",
        "internship",
        {"employer": "  "},
        "employer",
    ),
    ("accepted", "class without name", "admin", "cohort", {"name": "  "}, "name"),
]


@tagged("post_install", "-at_install")
class TestBadInputNamed(EvaluationFixtures, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setUpEvaluationFixtures()
        cls.env = cls.env(context=dict(cls.env.context, lang="fr_FR"))
        # The drafts of the other class: their student and teacher write.
        cls.fiche = cls.make_situation(cls.other_dossier, "Fiche", {"grcf"}, ["1.1.1"])
        cls.review = cls.env["gpme.review"].create(
            {"dossier_id": cls.other_dossier.id, "teacher_id": cls.other_teacher.id}
        )
        cls.writers = {"fiche": cls.other_student, "review": cls.other_teacher}

    def test_named_catalogue(self):
        records = {
            "fiche": self.fiche,
            "evaluation": self.evaluation,
            "line": self.evaluation.line_ids.filtered(lambda x: x.grid == "A")[:1],
            "internship": self.dossier.internship_ids[:1],
            "session": self.dossier.exam_session_id,
            "review": self.review,
            "cohort": self.dossier.cohort_id,
        }
        counts = {}
        for klass, label, who, what, vals, name in NAMED_REFUSED:
            record = records[what]
            user = self.writers.get(what) or getattr(self, who)
            names = [n for n in vals if n in record._fields]
            record.invalidate_recordset()
            before = record.sudo().read(names)
            with self.subTest(label), mute_logger("odoo.sql_db"):
                try:
                    with self.env.cr.savepoint():
                        record.with_user(user).with_context(lang="fr_FR").write(vals)
                        record.flush_recordset()
                except UserError as error:
                    message = str(error)
                    if name:
                        french = record._fields[name]._description_string(self.env)
                        self.assertIn(french, message, label)
                    self.assertNotIn("psycopg2", message, label)
                    self.assertNotIn("Wrong value", message, label)
                else:
                    self.fail(f"accepted: {label}")
                record.invalidate_recordset()
                self.assertEqual(record.sudo().read(names), before, label)
            counts[klass] = counts.get(klass, 0) + 1
        self.assertEqual(counts, {"raw": 15, "accepted": 10})
