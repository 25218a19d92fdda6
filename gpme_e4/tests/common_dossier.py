"""Fixtures of the dossier tests: a class with its people, and dossiers."""

from markupsafe import Markup

from odoo.tests.common import new_test_user

from .common_lang import load_french
from .session_common import exam_session

# The chart of accounts of the companies the accounting tests create.
FR_CHART = "l10n_fr.l10n_fr_pcg_chart_template"

CONTEXT_FIELDS = [
    "ctx_identity",
    "ctx_market",
    "ctx_turnover",
    "ctx_customers",
    "ctx_competition",
    "ctx_process",
    "ctx_suppliers",
    "ctx_payment_terms",
    "ctx_communication",
    "ctx_pricing",
    "ctx_sales_org",
    "ctx_technology",
]


class DossierFixtures:
    @classmethod
    def setUpDossierFixtures(cls):
        env = cls.env(su=True)
        load_french(env)
        cls.teacher = new_test_user(
            env, "t_dossier_teacher", groups="gpme_e4.group_teacher", name="Prof A"
        )
        cls.other_teacher = new_test_user(
            env, "t_dossier_teacher2", groups="gpme_e4.group_teacher", name="Prof B"
        )
        cls.commission = new_test_user(
            env, "t_dossier_jury", groups="gpme_e4.group_commission", name="Jury"
        )
        cls.admin = new_test_user(
            env, "t_dossier_admin", groups="gpme_e4.group_admin", name="Admin E4"
        )
        cls.cohort = env["gpme.cohort"].create(
            {
                "name": "T-BTS GPME A",
                "exam_session_id": exam_session(env, 2027).id,
                "teacher_ids": [(6, 0, cls.teacher.ids)],
            }
        )
        cls.other_cohort = env["gpme.cohort"].create(
            {
                "name": "T-BTS GPME B",
                "exam_session_id": exam_session(env, 2027).id,
                "teacher_ids": [(6, 0, cls.other_teacher.ids)],
            }
        )
        cls.student = new_test_user(
            env, "t_dossier_student", groups="gpme_e4.group_student", name="Élève A"
        )
        cls.student.gpme_cohort_id = cls.cohort
        cls.other_student = new_test_user(
            env, "t_dossier_student2", groups="gpme_e4.group_student", name="Élève B"
        )
        cls.other_student.gpme_cohort_id = cls.other_cohort
        cls.activities = {a.code: a for a in env["gpme.activity"].search([])}
        cls.tasks = {t.code: t for t in env["gpme.task"].search([])}
        # One situation cannot hold the same document twice: a pool of them.
        cls.evidence_partners = env["res.partner"].create(
            [{"name": f"Client preuve {i}"} for i in range(5)]
        )

    @classmethod
    def make_dossier(cls, student=None, cohort=None, **vals):
        student = student or cls.student
        return (
            cls.env["gpme.dossier"]
            .sudo()
            .create(
                dict(
                    {
                        "student_id": student.id,
                        "cohort_id": (cohort or student.gpme_cohort_id).id,
                        "commission_user_ids": [(6, 0, cls.commission.ids)],
                    },
                    **vals,
                )
            )
        )

    @classmethod
    def make_situation(cls, dossier, name, kinds, task_codes, evidence=1, **vals):
        situation = (
            cls.env["gpme.situation"]
            .sudo()
            .create(
                dict(
                    {
                        "dossier_id": dossier.id,
                        "name": name,
                        "is_grcf": "grcf" in kinds,
                        "is_written": "written" in kinds,
                        "is_oral": "oral" in kinds,
                        "task_ids": [(6, 0, [cls.tasks[c].id for c in task_codes])],
                    },
                    **vals,
                )
            )
        )
        cls.env["gpme.evidence"].sudo().create(
            [
                {
                    "situation_id": situation.id,
                    "res_model": "res.partner",
                    "res_id": cls.evidence_partners[i].id,
                    "name": f"{name} – preuve {i + 1}",
                }
                for i in range(evidence)
            ]
        )
        return situation

    @classmethod
    def fill_context(cls, dossier):
        dossier.sudo().write(
            {
                name: Markup("<p>Rubrique %s remplie.</p>") % name
                for name in CONTEXT_FIELDS
            }
        )

    @classmethod
    def make_full_dossier(cls, student=None, validated=True, evidence=1):
        """A dossier where every conformity rule passes."""
        dossier = cls.make_dossier(student)
        cls.fill_context(dossier)
        state = {"state": "validated"} if validated else {}
        # Lived in a PME (the GRCF fiches must come from the workplace period),
        # the tools each kind needs, oral natures and written supports that
        # differ, and the 29 tasks covered.
        in_sme = {"modality_id": cls.env.ref("gpme_e4.modality_sme").id}

        def tools(*codes):
            return [(6, 0, [cls.env.ref(f"gpme_e4.tool_{c}").id for c in codes])]

        def tasks(*prefixes):
            return sorted(c for c in cls.tasks if c.startswith(prefixes))

        spec = [
            (
                "Devis et relance",
                {"grcf"},
                ["1.1.1", "1.1.2", *tasks("1.2.")[:6]],
                {"tool_ids": tools("spreadsheet", "erp_sales", "erp_accounting")},
            ),
            (
                "Achats",
                {"grcf"},
                [*tasks("1.4.")[:4], *tasks("1.5.")[:5], *tasks("1.6.")],
                {"tool_ids": tools("erp_accounting")},
            ),
            (
                "Courriel client",
                {"written"},
                ["1.3.3", "1.1.3"],
                {
                    "with_customer": True,
                    "written_support": "email",
                    "tool_ids": tools("email"),
                },
            ),
            (
                "Courrier fournisseur",
                {"written"},
                ["1.4.5", "1.2.7"],
                {"written_support": "letter", "tool_ids": tools("word", "slides")},
            ),
            (
                "Accueil client",
                {"oral"},
                ["1.3.1", "1.3.2"],
                {"with_customer": True, "oral_nature": "face"},
            ),
            ("Appel fournisseur", {"oral"}, ["1.5.6"], {"oral_nature": "phone"}),
        ]
        for name, kinds, task_codes, extra in spec:
            cls.make_situation(
                dossier,
                name,
                kinds,
                task_codes,
                evidence=evidence,
                **dict(extra, **in_sme, **state),
            )
        return dossier
