import base64
import io

from odoo import api, models
from odoo.tools.image import image_data_uri
from odoo.tools.pdf import merge_pdf

DOSSIER_REPORT = "gpme_e4.report_dossier"


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _get_layout(self):
        """E4 documents: light header and footer pages (see e4_minimal_layout)."""
        if len(self) == 1 and (self.report_name or "").startswith("gpme_e4."):
            layout = self.env.ref("gpme_e4.e4_minimal_layout", raise_if_not_found=False)
            if layout:
                return layout
        return super()._get_layout()

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
        """The whole E4 dossier: cover and context, then the synoptic (A4
        landscape), the fiches, each evidence's frozen snapshot PDF and the
        integrity page, merged per dossier. Each part runs wkhtmltopdf once
        for the whole batch; a dossier already stored (attachment_use, kept at
        submission) is served from its attachment."""
        streams = super()._render_qweb_pdf_prepare_streams(
            report_ref, data, res_ids=res_ids
        )
        if self._get_report(report_ref).report_name != DOSSIER_REPORT:
            return streams
        fresh = [
            res_id
            for res_id, value in streams.items()
            if res_id and value["stream"] and not value["attachment"]
        ]
        if not fresh:
            return streams
        dossiers = self.env["gpme.dossier"].browse(fresh)
        situations = self.env["gpme.situation"].search(
            [("dossier_id", "in", fresh)], order="dossier_id, sequence, id"
        )

        def parts(report_name, ids):
            """{res_id: PDF bytes}: one wkhtmltopdf run split per record (by
            the top-level headings), else one run per record."""
            if not ids:
                return {}
            streams = self._render_qweb_pdf_prepare_streams(
                report_name, {}, res_ids=ids
            )
            if all(streams.get(i, {}).get("stream") for i in ids):
                return {i: streams[i]["stream"].getvalue() for i in ids}
            return {
                i: self._render_qweb_pdf_prepare_streams(report_name, {}, [i])[i][
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
        for dossier in dossiers:
            pdfs = [streams[dossier.id]["stream"].getvalue(), synoptics[dossier.id]]
            own = situations.filtered(lambda s, d=dossier: s.dossier_id == d)
            pdfs += [fiches[s.id] for s in own]
            pdfs += [
                base64.b64decode(e.snapshot_pdf)
                for e in evidences
                if e.situation_id in own and e.snapshot_pdf
            ]
            pdfs.append(integrity[dossier.id])
            streams[dossier.id]["stream"] = io.BytesIO(merge_pdf(pdfs))
        return streams
