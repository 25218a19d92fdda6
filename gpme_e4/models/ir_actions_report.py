import base64
import contextlib
import io
import logging
from contextlib import contextmanager

import odoo.http
from odoo import _, api, models
from odoo.exceptions import UserError
from odoo.tools.image import image_data_uri
from odoo.tools.pdf import merge_pdf

from ..services import dossier_pdf
from ..services.job_rows import own_cursor
from ..services.wkhtmltopdf import wkhtmltopdf_info

_logger = logging.getLogger(__name__)

DOSSIER_REPORT = "gpme_e4.report_dossier"


# The bundles a PDF report loads: the report layout (HTML rendering) and
# web.minimal_layout (the pages wkhtmltopdf fetches), (bundle, css, js).
REPORT_BUNDLES = (
    ("web.report_assets_common", True, True),
    ("web.report_assets_pdf", True, True),
    ("web.assets_common", False, True),
)


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _get_layout(self):
        """E4 documents: light header and footer pages (see e4_minimal_layout)."""
        if len(self) == 1 and (self.report_name or "").startswith("gpme_e4."):
            layout = self.env.ref("gpme_e4.e4_minimal_layout", raise_if_not_found=False)
            if layout:
                return layout
        return super()._get_layout()

    # --- the PDF renderer ---------------------------------------------------------
    @api.model
    def _gpme_wkhtmltopdf_warning(self):
        """What is wrong with the server's wkhtmltopdf, said to an
        administrator (False when Odoo can print with it)."""
        path, version, problem = wkhtmltopdf_info()
        install = _(
            "Install wkhtmltopdf « with patched qt » (0.12.6.1 from "
            "github.com/wkhtmltopdf/packaging, or 0.12.4): the README's scripts "
            "(scripts/run.sh, scripts/test.sh) provide it and "
            "put it first on the server's PATH."
        )
        if problem == "missing":
            return (
                _("wkhtmltopdf is not installed on the server: no PDF can be printed.")
                + " "
                + install
            )
        if problem == "broken":
            return (
                _(
                    "wkhtmltopdf at %(path)s does not answer its version: PDFs "
                    "will fail.",
                    path=path,
                )
                + " "
                + install
            )
        if problem == "unpatched":
            return (
                _(
                    "wkhtmltopdf at %(path)s is « %(version)s », built without the "
                    "patched Qt Odoo needs (Debian's package): its PDFs come out "
                    "empty or without header and footer.",
                    path=path,
                    version=version,
                )
                + " "
                + install
            )
        return False

    def _register_hook(self):
        # Said at start, in the log: a wrong binary otherwise shows only as
        # empty or unstyled PDFs.
        warning = self._gpme_wkhtmltopdf_warning()
        if warning:
            _logger.warning("gpme_e4: %s", warning)
        # The map of static folders is read from every manifest at the first
        # request; wkhtmltopdf's first run sends several at once, and Python
        # 3.11's compile() is not thread-safe ("AST constructor recursion
        # depth mismatch"): the styles would fail. Read it once, here.
        with contextlib.suppress(Exception):
            getattr(odoo.http.root, "statics", None)
        return super()._register_hook()

    @api.model
    def _gpme_wkhtmltopdf_label(self):
        path, version, problem = wkhtmltopdf_info()
        if problem == "missing":
            return _("wkhtmltopdf: not installed")
        return _(
            "wkhtmltopdf: %(path)s (%(version)s)", path=path, version=version or "?"
        )

    @api.model
    def _build_wkhtmltopdf_args(self, paperformat_id, landscape, *args, **kwargs):
        """E4 documents wait gpme_e4.print_delay ms (default 50) after loading,
        not Odoo's report.print_delay (1 s, for charts drawn by JavaScript):
        their only script, the header's page numbers, runs at load. wkhtmltopdf
        sleeps that delay for the bodies, the header and the footer of every
        run: 3 s a run, most of a dossier's time at the deadline."""
        command_args = super()._build_wkhtmltopdf_args(
            paperformat_id, landscape, *args, **kwargs
        )
        delay = self.env.context.get("gpme_print_delay")
        if delay is not None and "--javascript-delay" in command_args:
            command_args[command_args.index("--javascript-delay") + 1] = delay
        return command_args

    @api.model
    def _gpme_print_delay(self, report_ref):
        """The JavaScript delay of an E4 report's wkhtmltopdf run (ms, as a
        string), or None for other reports (Odoo's own setting)."""
        if not report_ref:
            return None
        report = self._get_report(report_ref)
        if not (report.report_name or "").startswith("gpme_e4."):
            return None
        param = self.env["ir.config_parameter"].sudo().get_param("gpme_e4.print_delay")
        return str(int(param)) if (param or "").strip().isdigit() else "50"

    @api.model
    def _run_wkhtmltopdf(self, bodies, **kwargs):
        """Never an empty PDF served as a document: an unpatched wkhtmltopdf
        (Debian's) exits as if all went well and leaves an empty file."""
        delay = self._gpme_print_delay(kwargs.get("report_ref"))
        report = self.with_context(gpme_print_delay=delay) if delay else self
        pdf = super(IrActionsReport, report)._run_wkhtmltopdf(bodies, **kwargs)
        if not pdf:
            raise UserError(
                _(
                    "The PDF came out empty (%(binary)s).",
                    binary=self._gpme_wkhtmltopdf_label(),
                )
                + " "
                + (
                    self._gpme_wkhtmltopdf_warning()
                    or _("Check the server log for wkhtmltopdf's messages.")
                )
            )
        return pdf

    # --- rendering from a job ---------------------------------------------------
    @api.model
    def _gpme_ensure_report_assets(self):
        """Make the report bundles exist, with their files, in this cursor.

        A bundle whose attachment was dropped, or whose filestore file is gone
        (a database copied without its filestore), is generated again (the
        rendering then finds the cached nodes naming it stale, see ir.qweb).
        Returns the names of the bundles regenerated. The caller commits."""
        IrQweb = self.env["ir.qweb"]
        redone = []
        for name, css, js in REPORT_BUNDLES:
            for extension in ("min.css",) * css + ("min.js",) * js:
                if IrQweb._gpme_bundle_attachments(name, extension)[1]:
                    redone.append(f"{name}.{extension}")
        return redone

    def _gpme_render_pdf_committed(self, report_ref, res_ids, data=None):
        """Render a PDF from a queue job: in a cursor of its own, once the
        report bundles exist and are committed.

        wkhtmltopdf fetches the styles from the server in other transactions:
        bundles generated in the job's transaction are invisible to them (the
        page comes out without header), and queue_job forbids the commit Odoo
        would do to publish them. The rendering cursor is committed at the
        end, like a print would (a stored report attachment is kept)."""
        with self._gpme_committed_renderer() as report:
            return report._render_qweb_pdf(report_ref, res_ids=res_ids, data=data)

    @contextmanager
    def _gpme_committed_renderer(self):
        """The report model on a cursor of its own, once the report bundles
        exist and are committed there (see _gpme_render_pdf_committed)."""
        with own_cursor(self.env) as env:
            env["ir.actions.report"]._gpme_ensure_report_assets()
            if env.cr is not self.env.cr:
                env.cr.commit()
            yield env["ir.actions.report"].with_context(
                force_report_rendering=True, gpme_check_report_assets=True
            )

    def _gpme_render_pdfs_committed(self, report_ref, res_ids):
        """{res_id: PDF bytes} of several records of one report, rendered by
        one wkhtmltopdf run split per record (as Odoo splits a print it keeps
        per record: one page each, or the top-level headings), in a cursor of
        its own like _gpme_render_pdf_committed. Records the split could not
        tell apart are left out: the caller renders them one by one."""
        res_ids = list(dict.fromkeys(res_ids))
        with self._gpme_committed_renderer() as report:
            streams = report._render_qweb_pdf_prepare_streams(
                report_ref, {"report_type": "pdf"}, res_ids=res_ids
            )
            return {
                res_id: streams[res_id]["stream"].getvalue()
                for res_id in res_ids
                if res_id in streams and streams[res_id]["stream"]
            }

    @api.model
    def _gpme_school(self):
        """The school of the settings (a contact), or an empty recordset."""
        param = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("gpme_e4.school_partner_id")
        )
        return self.env["res.partner"].sudo().browse(int(param or 0)).exists()

    @api.model
    def _gpme_letterhead(self, record, docs=None):
        """Name, address and logo heading an E4 document about `record` (a
        dossier, fiche, evaluation…) printed among `docs`: the company the
        dossier presents, or the school when the setting gpme_e4.letterhead
        says so and the school is known (else the company: a document never
        goes out unheaded).

        The logos are given once per batch, as style rules in the first
        document's header (logo_css): wkhtmltopdf loads the headers of the
        whole batch again on every page, 35 inline logos made that load
        twenty times heavier."""
        # The school once for the batch: each head would look it up again.
        school = self._gpme_school()
        head = self._gpme_letterhead_of(record, school)
        shared = (
            isinstance(docs, models.BaseModel)
            and record
            and docs._name == record._name
            and record.id in docs.ids
        )
        if not shared:
            batch = [head]
        elif record == docs[:1]:
            batch = [self._gpme_letterhead_of(doc, school) for doc in docs]
        else:
            batch = []
        logos = {h["key"]: h["logo"] for h in batch if h["logo"]}
        head["logo_css"] = " ".join(
            f".o_gpme_logo_{key} {{ background-image: url({image_data_uri(logo)}); }}"
            for key, logo in logos.items()
        )
        return head

    @api.model
    def _gpme_letterhead_of(self, record, school):
        record = record.sudo() if record else record
        if record and record._name == "gpme.evaluation":
            return self._gpme_commission_head(record, school)
        company = self.env.company
        dossier = record and "dossier_id" in record and record.dossier_id
        if record and "company_id" in record and record.company_id:
            company = record.company_id
        elif dossier and dossier.company_id:
            company = dossier.company_id
        params = self.env["ir.config_parameter"].sudo()
        if params.get_param("gpme_e4.letterhead", "company") == "school":
            cohort = record and "cohort_id" in record and record.cohort_id
            name = school.name or (cohort and cohort.school)
            if name:
                return {
                    "kind": "school",
                    "key": f"school_{school.id or 0}",
                    "name": name,
                    "address": self._gpme_address(school),
                    "logo": school.image_512,
                }
        company = company.sudo()
        return {
            "kind": "company",
            "key": f"company_{company.id}",
            "name": company.name,
            "address": self._gpme_address(company),
            "logo": company.logo,
        }

    @api.model
    def _gpme_commission_head(self, evaluation, school):
        """The commission's documents (grids, fiches de travail, proposal,
        V-1, recap) are headed by the exam centre or the school, never by
        the training company the dossier presents."""
        session = evaluation.exam_session_id
        centre = session.exam_centre
        name = (
            centre
            or school.name
            or evaluation.cohort_id.school
            or (session.academy and f"Académie {session.academy}")
            or "BTS Gestion de la PME"
        )
        from_school = bool(school) and name == school.name
        return {
            "kind": "school",
            "key": f"school_{school.id or 0}" if from_school else "centre",
            "name": name,
            "address": self._gpme_address(school) if from_school else "",
            "logo": from_school and school.image_512,
        }

    @api.model
    def _gpme_address(self, partner):
        return ", ".join(filter(None, [partner.street, partner.zip, partner.city]))

    def _gpme_sealed_dossiers(self, report_ref, res_ids):
        """{dossier id: sealed version} to serve instead of printing the whole
        dossier again (the job that seals a version prints it fresh)."""
        if (
            not res_ids
            or self.env.context.get("gpme_dossier_fresh")
            or self._get_report(report_ref).report_name != DOSSIER_REPORT
        ):
            return {}
        dossiers = self.env["gpme.dossier"].browse(res_ids)
        # The reader's rights first, as the report itself checks them.
        dossiers.check_access_rights("read")
        dossiers.check_access_rule("read")
        return dossiers._gpme_sealed_versions()

    def _render_qweb_pdf(self, report_ref, res_ids=None, data=None):
        # Handed in: the sealed version, also in Odoo's test mode (which
        # would render HTML instead).
        ids = [res_ids] if isinstance(res_ids, int) else res_ids
        sealed = self._gpme_sealed_dossiers(report_ref, ids)
        if sealed and len(sealed) == len(set(ids)):
            pdfs = [sealed[i]._gpme_raw() for i in ids]
            return (pdfs[0] if len(pdfs) == 1 else merge_pdf(pdfs)), "pdf"
        return super()._render_qweb_pdf(report_ref, res_ids=res_ids, data=data)

    def _render_qweb_pdf_prepare_streams(self, report_ref, data, res_ids=None):
        report = self._get_report(report_ref)
        if (report.report_name or "").startswith("gpme_e4.") and self.ids != report.ids:
            # Odoo's print route and the jobs print from the empty model:
            # on the report itself, _get_layout gives its E4 header page
            # (web.minimal_layout's script dropped the logos after the first
            # record's page).
            return self.browse(report.id)._render_qweb_pdf_prepare_streams(
                report_ref, data, res_ids=res_ids
            )
        sealed = self._gpme_sealed_dossiers(report_ref, res_ids)
        if not sealed:
            return self._gpme_prepare_streams(report_ref, data, res_ids=res_ids)
        # A class print mixing sealed and unsealed dossiers: the sealed ones
        # from their version, the others printed, in the order asked.
        rest = [i for i in res_ids if i not in sealed]
        printed = (
            self._gpme_prepare_streams(report_ref, data, res_ids=rest) if rest else {}
        )
        streams = {}
        for res_id in res_ids:
            if res_id in sealed:
                streams[res_id] = {
                    "stream": io.BytesIO(sealed[res_id]._gpme_raw()),
                    "attachment": None,
                }
            else:
                streams[res_id] = printed[res_id]
        return streams

    def _gpme_prepare_streams(self, report_ref, data, res_ids=None):
        """The whole E4 dossier in the order of p. 76 of the référentiel:
        cover and contents, commercial context and PGI presentation, the
        synoptic (A4 landscape), the fiches, the fiches' productions and the
        internship attestations, the annex (the productions' and
        attestations' PDF files, each evidence's sealed snapshot PDF), the
        integrity page; merged per dossier, every page then numbered once
        (« PROVISOIRE » on a draft). The parts are printed first: their page
        counts give the contents page its numbers."""
        if self._get_report(report_ref).report_name != DOSSIER_REPORT or not res_ids:
            return super()._render_qweb_pdf_prepare_streams(
                report_ref, data, res_ids=res_ids
            )
        printer = self.with_context(gpme_dossier_part=True)
        dossiers = self.env["gpme.dossier"].browse(res_ids)
        dossiers.check_access_rights("read")
        dossiers.check_access_rule("read")
        situations = self.env["gpme.situation"].search(
            [("dossier_id", "in", dossiers.ids)], order="dossier_id, sequence, id"
        )

        def parts(report_name, ids):
            """{res_id: PDF bytes}: one wkhtmltopdf run split per record (by
            the top-level headings), else one run per record."""
            if not ids:
                return {}
            streams = printer._render_qweb_pdf_prepare_streams(
                report_name, {}, res_ids=ids
            )
            if all(streams.get(i, {}).get("stream") for i in ids):
                return {i: streams[i]["stream"].getvalue() for i in ids}
            return {
                i: printer._render_qweb_pdf_prepare_streams(report_name, {}, [i])[i][
                    "stream"
                ].getvalue()
                for i in ids
            }

        synoptics = parts("gpme_e4.report_synoptic", dossiers.ids)
        fiches = parts("gpme_e4.report_fiche", situations.ids)
        integrity = parts("gpme_e4.report_dossier_integrity", dossiers.ids)
        evidences = (
            self.env["gpme.evidence"]
            .sudo()
            .search([("situation_id", "in", situations.ids)])
        )
        Part = self.env["report.gpme_e4.report_dossier_part"]
        files = Part._gpme_production_files(dossiers)

        def dossier_parts(name, first):
            """{dossier id: PDF} of a part of the dossier (its first heading
            `first`): one wkhtmltopdf run per language for the whole batch,
            cut where each dossier's part begins, else one run each."""
            by_lang = {}
            for dossier in dossiers:
                lang = dossier.student_id.lang or self.env.lang
                by_lang.setdefault(lang, self.env["gpme.dossier"])
                by_lang[lang] |= dossier
            result = {}
            for lang, group in by_lang.items():
                part_printer = printer.with_context(lang=lang)

                def one(ids, part_printer=part_printer):
                    return part_printer._render_qweb_pdf_prepare_streams(
                        "gpme_e4.report_dossier_part", {"part": name}, ids
                    )

                if len(group) > 1:
                    streams = one(group.ids)
                    whole = streams.get(False, {}).get("stream")
                    if whole:
                        title = Part.with_context(lang=lang)._gpme_titles()[first]
                        cut = dossier_pdf.split_at_heading(
                            whole.getvalue(), title, len(group)
                        )
                        if cut:
                            result.update(zip(group.ids, cut, strict=True))
                            continue
                    elif all(streams.get(i, {}).get("stream") for i in group.ids):
                        result.update(
                            (i, streams[i]["stream"].getvalue()) for i in group.ids
                        )
                        continue
                for dossier_id in group.ids:
                    result[dossier_id] = one([dossier_id])[dossier_id][
                        "stream"
                    ].getvalue()
            return result

        contexts = dossier_parts("context", "context")
        annexes = dossier_parts("annexes", "productions")
        pieces, marks, tocs = {}, {}, {}
        for dossier in dossiers:
            lang = dossier.student_id.lang or self.env.lang
            titles = Part.with_context(lang=lang)._gpme_titles()
            own = situations.filtered(lambda s, d=dossier: s.dossier_id == d)
            sequence = [
                ("context", contexts[dossier.id], ("context", "pgi")),
                ("synoptic", synoptics[dossier.id], ()),
            ]
            sequence += [(f"fiche_{s.id}", fiches[s.id], ()) for s in own]
            sequence.append(
                ("productions", annexes[dossier.id], ("productions", "attestations"))
            )
            for key, pdfs in (
                (
                    "annex_productions",
                    [a.raw for __, a in files[dossier.id]],
                ),
                (
                    "annex_attestations",
                    [
                        base64.b64decode(i.attestation_file)
                        for i in dossier.sudo().internship_ids
                        if i.attestation_file
                    ],
                ),
                (
                    "annex_evidence",
                    [
                        base64.b64decode(e.snapshot_pdf)
                        for e in evidences
                        if e.situation_id in own and e.snapshot_pdf
                    ],
                ),
            ):
                pdfs = [pdf for pdf in pdfs if dossier_pdf.readable(pdf)]
                if pdfs:
                    sequence.append((key, merge_pdf(pdfs), ()))
            sequence.append(("integrity", integrity[dossier.id], ()))
            # Where each part starts, counted after the cover and contents.
            starts, page = {}, 0
            for key, pdf, headings in sequence:
                starts[key] = page
                if headings:
                    found = dossier_pdf.heading_pages(
                        pdf, [titles[h] for h in headings]
                    )
                    for heading, at in zip(headings, found, strict=True):
                        starts[heading] = page + at if at is not None else None
                page += dossier_pdf.page_count(pdf)
            if own:
                starts["fiches"] = starts[f"fiche_{own[0].id}"]
            pieces[dossier.id] = [pdf for __, pdf, __ in sequence]
            tocs[dossier.id] = starts
            marks[dossier.id] = dossier.with_context(lang=lang)._gpme_pdf_marks()

        def front(ids, front_pages):
            """{id: PDF} the cover and contents, numbered for front_pages."""
            Report = self.env["report.gpme_e4.report_dossier"]
            toc = {}
            for dossier in dossiers.filtered(lambda d: d.id in ids):
                starts = {
                    key: (at + front_pages[dossier.id] + 1 if at is not None else None)
                    for key, at in tocs[dossier.id].items()
                }
                starts.update(cover=1, contents=2)
                lang = dossier.student_id.lang or self.env.lang
                toc[dossier.id] = Report.with_context(lang=lang)._gpme_contents(
                    dossier, starts
                )
            renderer = super(
                IrActionsReport, printer.with_context(gpme_dossier_toc=toc)
            )
            streams = renderer._render_qweb_pdf_prepare_streams(
                report_ref, data, res_ids=ids
            )
            if len(ids) > 1 and not all(streams.get(i, {}).get("stream") for i in ids):
                # The batch could not be split per dossier: one by one.
                streams = {i: front([i], front_pages)[i] for i in ids}
            return streams

        # Cover and contents are two pages unless a long contents runs
        # over: then printed again with the page numbers it shifts.
        expected = dict.fromkeys(dossiers.ids, 2)
        streams = front(dossiers.ids, expected)
        for res_id in dossiers.ids:
            pages = dossier_pdf.page_count(streams[res_id]["stream"].getvalue())
            if pages != expected[res_id]:
                expected[res_id] = pages
                streams[res_id] = front([res_id], expected)[res_id]
        for dossier in dossiers:
            pdf = merge_pdf(
                [streams[dossier.id]["stream"].getvalue()] + pieces[dossier.id]
            )
            streams[dossier.id]["stream"] = io.BytesIO(
                dossier_pdf.stamp(pdf, **marks[dossier.id])
            )
        return streams
