"""The shared fixtures of gpme_e4's tests, in one module: French loaded by
the tests that read it, the tests' exam session, real users of each role in
their classes, complete dossiers, evaluations, evidence and fiches.

Fixtures are built once per test class (``setUpClass``), inside the class's
transaction: each test rolls back to them.
"""

import subprocess
import tempfile
from contextlib import contextmanager
from datetime import date, datetime, timedelta

from markupsafe import Markup

from odoo import Command, fields
from odoo.tests.common import get_db_name, new_test_user
from odoo.tools import config

# --------------------------------------------------------------------------
# French for the tests that read French: they load it themselves, so the
# suite passes on a database installed without it (Odoo's runner, OCA CI).
# --------------------------------------------------------------------------


# Modules whose French terms the tests read: gpme_e4's own, and the labels of
# the standard fields, documents and errors they show (evidence values of
# orders and invoices included).
FRENCH_MODULES = (
    "base",
    "web",
    "mail",
    "product",
    "sale",
    "purchase",
    "account",
    "gpme_e4",
)


def _terms_loaded(env):
    """Whether each module the tests read has its French terms in the
    database (field labels or view texts), and the superuser reads French.
    A database whose demo activated French after base was installed has
    gpme_e4's terms only (Odoo loads a module's terms as it installs it)."""
    if env.ref("base.user_root").lang != "fr_FR":
        return False
    for module in FRENCH_MODULES:
        env.cr.execute(
            """
            SELECT 1 FROM ir_model_data d
              LEFT JOIN ir_model_fields f
                ON d.model = 'ir.model.fields' AND f.id = d.res_id
              LEFT JOIN ir_ui_view v ON d.model = 'ir.ui.view' AND v.id = d.res_id
             WHERE d.module = %s
               AND (f.field_description ? 'fr_FR' OR v.arch_db ? 'fr_FR')
             LIMIT 1
            """,
            [module],
        )
        if not env.cr.fetchone():
            return False
    return True


def load_french(env):
    """Activate fr_FR, load the French terms the tests read, and make the
    superuser, the admin and new users French, as installing with
    `--load-language=fr_FR` does (messages raised without a lang in context
    take the user's). Inside the test transaction: rolled back with it.
    No-op when French is installed with its terms."""
    lang = (
        env["res.lang"]
        .sudo()
        .with_context(active_test=False)
        .search([("code", "=", "fr_FR")])
    )
    if lang.active and _terms_loaded(env):
        return
    # The demo data activates French without loading its terms.
    env["res.lang"].sudo()._activate_lang("fr_FR")
    env["ir.module.module"].sudo()._load_module_terms(
        list(FRENCH_MODULES), ["fr_FR"], overwrite=True
    )
    users = env.ref("base.user_root") | env.ref("base.user_admin")
    users.sudo().write({"lang": "fr_FR"})
    env["ir.default"].sudo().set("res.partner", "lang", "fr_FR")
    # ir.default reads its table in SQL: the new default must be written.
    env.flush_all()
    env.registry.clear_caches()


# --------------------------------------------------------------------------
# The tests' exam session.
# --------------------------------------------------------------------------


def exam_session(env, year):
    """The test exam session of a year (apart from the demo's, whose
    commission must not examine the tests' dossiers)."""
    Session = env["gpme.exam.session"].sudo()
    academy = "Académie de test"
    return Session.search(
        [("year", "=", year), ("academy", "=", academy)], limit=1
    ) or Session.create({"year": year, "academy": academy})


# --------------------------------------------------------------------------
# XML-RPC as the tests' real users.
# --------------------------------------------------------------------------


class RpcAsUser:
    """XML-RPC as a real user of the tests (password = login), for HttpCase
    classes: one authentication per login. The server runs on the test's
    cursor: what the test wrote is flushed first, and its cache is dropped
    after, so that a read meant to be refused really asks the database."""

    def rpc(self, user, model, method, *args, **kwargs):
        db = get_db_name()
        uids = self.__dict__.setdefault("_gpme_uids", {})
        if user.login not in uids:
            uids[user.login] = self.xmlrpc_common.authenticate(
                db, user.login, user.login, {}
            )
        self.env.flush_all()
        try:
            return self.xmlrpc_object.execute_kw(
                db, uids[user.login], user.login, model, method, list(args), kwargs
            )
        finally:
            self.env.invalidate_all()


def make_cohort(env, name, teachers):
    """A class of the tests' 2027 session, taught by `teachers`."""
    return env["gpme.cohort"].create(
        {
            "name": name,
            "exam_session_id": exam_session(env, 2027).id,
            "teacher_ids": [Command.set(teachers.ids)],
        }
    )


# --------------------------------------------------------------------------
# A class with its people, and dossiers (a complete one included).
# --------------------------------------------------------------------------


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
        cls.cohort = make_cohort(env, "T-BTS GPME A", cls.teacher)
        cls.other_cohort = make_cohort(env, "T-BTS GPME B", cls.other_teacher)
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


# --------------------------------------------------------------------------
# A handed-in dossier with its internships, the commission of its
# session, and another session's member.
# --------------------------------------------------------------------------


# 6 consecutive weeks at the end of year 1, 6 in year 2 of which 4 consecutive.
INTERNSHIPS = (
    ("Alpha SARL", "1", date(2026, 5, 18), date(2026, 6, 28)),
    ("Beta SAS", "2", date(2027, 1, 4), date(2027, 1, 31)),
    ("Gamma SA", "2", date(2027, 3, 1), date(2027, 3, 14)),
)


class EvaluationFixtures(DossierFixtures):
    @classmethod
    def setUpEvaluationFixtures(cls):
        cls.setUpDossierFixtures()
        env = cls.env(su=True)
        cls.other_jury = new_test_user(
            env, "t_eval_jury2", groups="gpme_e4.group_commission", name="Jury B"
        )
        cls.dossier = cls.make_full_dossier()
        cls.add_internships(cls.dossier)
        cls.hand_in(cls.dossier, datetime(2027, 4, 10, 9, 0))
        cls.other_dossier = cls.make_dossier(
            cls.other_student, commission_user_ids=[(6, 0, cls.other_jury.ids)]
        )
        cls.evaluation = (
            cls.env["gpme.evaluation"]
            .with_user(cls.commission)
            ._gpme_open_for_dossier(cls.dossier)
        )
        cls.e4_session = cls.dossier.exam_session_id.sudo()
        cls.e4_session.dossier_deadline = date(2027, 4, 15)
        cls.evaluation.sudo().synoptic_attested = True
        # Situation B's window holds the day the tests run, on the clock the
        # rules read (the user's day; frozen in CI's date matrix).
        today = fields.Date.context_today(cls.evaluation)
        cls.e4_session.write(
            {
                "situation_b_start": today - timedelta(days=30),
                "situation_b_end": today + timedelta(days=30),
            }
        )
        cls.levels = {lvl.code: lvl for lvl in cls.env["gpme.mastery.level"].search([])}

    @classmethod
    def sign_grid_a(cls, evaluation, level="well_mastered"):
        """Grid A filled and signed by the class's teacher: situation B may
        follow."""
        cls.fill_grid(evaluation, "A", level, user=cls.teacher)
        evaluation.with_user(cls.teacher).action_sign_a()

    @classmethod
    def add_internships(cls, dossier, rows=INTERNSHIPS, signed=True):
        return (
            cls.env["gpme.internship"]
            .sudo()
            .create(
                [
                    {
                        "dossier_id": dossier.id,
                        "employer": employer,
                        "training_year": year,
                        "date_from": date_from,
                        "date_to": date_to,
                        "signed": signed,
                        "stamped": signed,
                    }
                    for employer, year, date_from, date_to in rows
                ]
            )
        )

    @classmethod
    def hand_in(cls, dossier, when):
        dossier.sudo().write({"state": "validated", "submitted_date": when})

    @classmethod
    def fill_grid(cls, evaluation, grid, level="mastered", user=None):
        # The penalties are the commission's, set in points.
        lines = evaluation.line_ids.filtered(
            lambda x: x.grid == grid and x.kind != "penalty"
        )
        lines.with_user(user or cls.commission).write(
            {"level_id": cls.levels[level].id}
        )
        return lines


# --------------------------------------------------------------------------
# A class with two students and a teacher, their dossiers and
# situations, and PGI records made by student 1.
# --------------------------------------------------------------------------


PGI_GROUPS = (
    "sales_team.group_sale_salesman_all_leads,purchase.group_purchase_user,"
    "account.group_account_invoice"
)


class EvidenceFixture:
    @classmethod
    def _setup_evidence_fixture(cls):
        env = cls.env
        load_french(env)
        # Values snapshots only unless a test asks for PDFs (they take seconds).
        env["ir.config_parameter"].sudo().set_param(
            "gpme_e4.evidence_snapshot_pdf", "0"
        )
        cls.company = env.company
        cls.teacher = new_test_user(
            env,
            "ev_teacher",
            groups="gpme_e4.group_teacher," + PGI_GROUPS,
            name="Prof Evidence",
        )
        cls.cohort = make_cohort(env, "BTS GPME test evidence", cls.teacher)
        cls.student1 = new_test_user(
            env,
            "ev_student1",
            groups="gpme_e4.group_student," + PGI_GROUPS,
            name="Alice Élève",
            gpme_cohort_id=cls.cohort.id,
            lang="fr_FR",
        )
        cls.student2 = new_test_user(
            env,
            "ev_student2",
            groups="gpme_e4.group_student," + PGI_GROUPS,
            name="Bruno Élève",
            gpme_cohort_id=cls.cohort.id,
            lang="fr_FR",
        )
        Dossier = env["gpme.dossier"]
        cls.dossier1 = Dossier.create(
            {"student_id": cls.student1.id, "cohort_id": cls.cohort.id}
        )
        cls.dossier2 = Dossier.create(
            {"student_id": cls.student2.id, "cohort_id": cls.cohort.id}
        )
        Situation = env["gpme.situation"]
        cls.situation1 = Situation.create(
            {"dossier_id": cls.dossier1.id, "name": "Devis et commande client"}
        )
        cls.situation1b = Situation.create(
            {"dossier_id": cls.dossier1.id, "name": "Achats et règlements"}
        )
        cls.situation2 = Situation.create(
            {"dossier_id": cls.dossier2.id, "name": "Situation de Bruno"}
        )
        cls.customer = env["res.partner"].create(
            {"name": "Client Dupont SARL", "is_company": True}
        )
        cls.vendor = env["res.partner"].create(
            {"name": "Fournisseur Martin SA", "is_company": True}
        )
        cls.product = env["product.product"].create(
            {"name": "Chaise ergonomique", "list_price": 120.0, "standard_price": 60.0}
        )
        cls.order = cls._make_order(cls.student1)

    @classmethod
    def _make_order(cls, user, qty=2):
        order = (
            cls.env["sale.order"]
            .with_user(user)
            .create(
                {
                    "partner_id": cls.customer.id,
                    "order_line": [
                        Command.create(
                            {"product_id": cls.product.id, "product_uom_qty": qty}
                        )
                    ],
                }
            )
        )
        return cls.env["sale.order"].browse(order.id)

    @classmethod
    def _make_move(cls, move_type, partner, price=100.0, post=True):
        move = cls.env["account.move"].create(
            {
                "move_type": move_type,
                "partner_id": partner.id,
                "invoice_date": "2026-10-01",
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": cls.product.id,
                            "quantity": 1,
                            "price_unit": price,
                        }
                    )
                ],
            }
        )
        if post:
            move.action_post()
        return move

    def _tag(self, user, records, situation, tasks=None, note=False):
        """Tag through the wizard as the given user, like the bound action."""
        wizard = (
            self.env["gpme.evidence.tag.wizard"]
            .with_user(user)
            .with_context(active_model=records._name, active_ids=records.ids)
            .create({"situation_id": situation.id, "note": note})
        )
        if tasks is not None:
            wizard.line_ids.task_ids = tasks
        wizard.action_confirm()
        return (
            self.env["gpme.evidence"]
            .sudo()
            .search(
                [
                    ("situation_id", "=", situation.id),
                    ("res_model", "=", records._name),
                    ("res_id", "in", records.ids),
                ]
            )
        )


# --------------------------------------------------------------------------
# Two classes, their teachers and students, created as real users.
# --------------------------------------------------------------------------


def setup_fiche_world(cls):
    env = cls.env
    load_french(env)
    cls.env = env = env(context=dict(env.context, lang="fr_FR", tracking_disable=False))
    cls.teacher_a = new_test_user(
        env,
        "fiche_prof_a",
        groups="gpme_e4.group_teacher",
        name="Anne Prof",
        password="fiche_prof_a",
        email="prof.a@example.com",
    )
    cls.teacher_b = new_test_user(
        env,
        "fiche_prof_b",
        groups="gpme_e4.group_teacher",
        name="Bruno Prof",
        password="fiche_prof_b",
        email="prof.b@example.com",
    )
    cls.cohort_a = make_cohort(env, "Fiche A", cls.teacher_a)
    cls.cohort_b = make_cohort(env, "Fiche B", cls.teacher_b)

    def student(login, cohort):
        user = new_test_user(
            env,
            login,
            name=login.replace("fiche_", "Élève ").title(),
            groups="gpme_e4.group_student,sales_team.group_sale_salesman",
            password=login,
            email=f"{login}@example.com",
            lang="fr_FR",
        )
        user.gpme_cohort_id = cohort
        return user

    cls.student1 = student("fiche_eleve1", cls.cohort_a)
    cls.student2 = student("fiche_eleve2", cls.cohort_a)
    cls.student3 = student("fiche_eleve3", cls.cohort_b)
    Dossier = env["gpme.dossier"]
    cls.dossier1 = Dossier.create(
        {"student_id": cls.student1.id, "cohort_id": cls.cohort_a.id}
    )
    cls.dossier2 = Dossier.create(
        {"student_id": cls.student2.id, "cohort_id": cls.cohort_a.id}
    )
    cls.dossier3 = Dossier.create(
        {"student_id": cls.student3.id, "cohort_id": cls.cohort_b.id}
    )
    cls.task_121 = env.ref("gpme_e4.task_1_2_1")
    cls.task_124 = env.ref("gpme_e4.task_1_2_4")


def new_fiche(env, student, **vals):
    """A fiche written by the student themself."""
    values = {
        "name": "Établir un devis",
        "is_grcf": True,
        "task_ids": [(6, 0, env.ref("gpme_e4.task_1_2_1").ids)],
    }
    values.update(vals)
    return env["gpme.situation"].with_user(student).create(values)


def pdf_text(pdf):
    """The text of a PDF (bytes), laid out as on the page (poppler's
    pdftotext)."""
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
        timeout=60,
    ).stdout.decode("utf-8", "replace")


def pdf_fonts(pdf):
    """The names of the fonts a PDF (bytes) embeds (poppler's pdffonts)."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf)
        f.flush()
        out = subprocess.run(
            ["pdffonts", f.name],
            capture_output=True,
            check=True,
            text=True,
            timeout=60,
        ).stdout
    return {line.split()[0] for line in out.splitlines()[2:] if line.strip()}


def pdf_image_pages(pdf):
    """The numbers of the pages of a PDF (bytes) showing an image, such as
    the letterhead's logo (poppler's pdfimages)."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf)
        f.flush()
        out = subprocess.run(
            ["pdfimages", "-list", f.name],
            capture_output=True,
            check=True,
            text=True,
            timeout=60,
        ).stdout
    return {int(line.split()[0]) for line in out.splitlines()[2:] if line.strip()}


def assert_styled_pdf(pdf):
    """Fail on a PDF printed without the report styles. Lato, the reports'
    font, comes only from the web.report_assets_common bundle wkhtmltopdf
    fetches from the server (no system font: the headers' inline styles and
    an unstyled body give DejaVu): no Lato, no bundle, and the page lost
    Bootstrap's layout too. Raises AssertionError (usable in setUpClass)."""
    fonts = pdf_fonts(pdf)
    if not any(name.split("+")[-1].startswith("Lato") for name in fonts):
        raise AssertionError(
            f"PDF printed without the report styles (fonts {sorted(fonts)}, "
            "no Lato): wkhtmltopdf could not fetch /web/assets/... from the "
            "test server (render inside styled_pdfs, or in an HttpCase test "
            "method)"
        )


@contextmanager
def styled_pdfs(cls):
    """Render PDFs outside an HttpCase test method (a setUpClass, a
    TransactionCase) as a test method does: the server in test mode, so that
    wkhtmltopdf, fetching the report styles from it, sees the bundles
    generated in the class's transaction, and report.url naming this test
    server (a TransactionCase leaves web.base.url as the database had it,
    often another port). Outside test mode the bundles answer 404 on a fresh
    database (an unstyled PDF is checked) but are found on a database where
    they were committed earlier (a styled one): the same test then read two
    different layouts. `cls`: the test class, or a TransactionCase test."""
    params = cls.env["ir.config_parameter"].sudo()
    url = params.get_param("report.url")
    params.set_param("report.url", f"http://127.0.0.1:{config['http_port']}")
    cls.registry.enter_test_mode(cls.cr)
    try:
        yield
    finally:
        cls.registry.leave_test_mode()
        params.set_param("report.url", url)


def inbox_notifications(env, user, record):
    """The user's Odoo inbox notifications about the record."""
    return env["mail.notification"].search(
        [
            ("res_partner_id", "=", user.partner_id.id),
            ("notification_type", "=", "inbox"),
            ("mail_message_id.model", "=", record._name),
            ("mail_message_id.res_id", "=", record.id),
        ]
    )
