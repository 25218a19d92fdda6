"""The E4 journal: one append-only, hash-chained entry per decision of the
exam, in the spirit of the French inalterability of posted journal entries
(account.move ``_compute_hash``, l10n_fr's integrity check): each entry's hash
covers its own frozen values and the previous entry's hash, so a row altered
or removed in the database breaks the chain from there on.

Nobody writes or deletes an entry through the ORM or RPC, superuser
included; the addon adds them through ``_gpme_log`` only. The dossier, the
student and the class are kept as plain ids in the hash (and as links for
the record rules, emptied if the record goes): an entry survives the
deletion of what it is about.
"""

import json
from hashlib import sha256

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .gpme_lock_mixin import check_values

EVENTS = [
    ("dossier_submit", "Dossier handed in"),
    ("dossier_reset_draft", "Dossier reopened"),
    ("dossier_validate", "Dossier validated by the teaching team"),
    ("dossier_start_evaluation", "Evaluation of the dossier started"),
    ("dossier_mark_evaluated", "Dossier evaluated"),
    ("dossier_archive", "Dossier archived"),
    ("dossier_sealed", "Handed-in dossier sealed"),
    ("fiche_validate", "Fiche validated"),
    ("fiche_return", "Fiche returned for rework"),
    ("fiche_reopen", "Fiche reopened"),
    ("grid_sign", "Grid signed"),
    ("grid_unlock", "Signed grid unlocked"),
    ("conformity_confirm", "Conformity confirmed"),
    ("conformity_doubt", "Doubt on the conformity"),
    ("nv_declare", "Non-conformity (NV) declared"),
    ("publish", "Evaluation published"),
    ("unpublish", "Evaluation unpublished"),
    ("internship_change", "Internship attestation changed"),
    ("internship_record", "Internship attestation recorded from paper"),
    ("delete", "Deletion"),
    ("purge", "Exam session purged"),
]
# The values each hash covers, in this order (never change it: the chain of
# existing entries would break).
HASHED_FIELDS = (
    "sequence",
    "date",
    "event",
    "author_ref",
    "res_model",
    "res_id",
    "record_name",
    "dossier_ref",
    "student_ref",
    "cohort_ref",
    "reason",
    "details",
)
# An application-wide lock: two decisions logged at once wait for each
# other instead of chaining to the same previous entry (a fork).
ADVISORY_LOCK_KEY = 4_404_404


class GpmeJournal(models.Model):
    _name = "gpme.journal"
    _description = "E4 journal entry (append-only, hash-chained)"
    _order = "sequence desc"
    _rec_name = "sequence"

    sequence = fields.Integer(readonly=True, index=True)
    date = fields.Datetime(readonly=True)
    event = fields.Selection(EVENTS, readonly=True, required=True)
    user_id = fields.Many2one(
        "res.users", string="Author", readonly=True, ondelete="set null"
    )
    author_ref = fields.Integer(string="Author id", readonly=True)
    res_model = fields.Char(string="Model", readonly=True)
    res_id = fields.Integer(string="Record id", readonly=True)
    record_name = fields.Char(string="Record", readonly=True)
    dossier_id = fields.Many2one(
        "gpme.dossier", readonly=True, index=True, ondelete="set null"
    )
    dossier_ref = fields.Integer(string="Dossier id", readonly=True, index=True)
    student_id = fields.Many2one(
        "res.users", readonly=True, index=True, ondelete="set null"
    )
    student_ref = fields.Integer(string="Student id", readonly=True)
    cohort_id = fields.Many2one(
        "gpme.cohort", string="Class", readonly=True, index=True, ondelete="set null"
    )
    cohort_ref = fields.Integer(string="Class id", readonly=True)
    reason = fields.Text(readonly=True)
    details = fields.Text(readonly=True, help="The decision's data, as JSON.")
    previous_hash = fields.Char(readonly=True)
    entry_hash = fields.Char(string="Hash (SHA-256)", readonly=True)

    _sql_constraints = [
        ("sequence_uniq", "unique(sequence)", "Each journal entry has its number.")
    ]

    def init(self):
        # The chain's head, one row every append updates: a writer whose
        # snapshot predates another's append gets a serialization failure
        # (retried by the server or queue_job on fresh data) instead of
        # chaining to an entry it cannot see yet.
        self.env.cr.execute(
            """
            CREATE TABLE IF NOT EXISTS gpme_journal_head (
                id integer PRIMARY KEY CHECK (id = 1),
                sequence integer NOT NULL
            );
            INSERT INTO gpme_journal_head (id, sequence)
                 SELECT 1, coalesce(max(sequence), 0) FROM gpme_journal
            ON CONFLICT (id) DO NOTHING;
            """
        )

    # --- append only ----------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.context.get("gpme_journal_log"):
            raise UserError(_("The E4 journal is written by the application only."))
        return super().create(vals_list)

    # No super(): an entry is never changed, not even by the superuser.
    def write(self, vals):  # pylint: disable=method-required-super
        raise UserError(
            _("The E4 journal cannot be changed: its entries are kept as written.")
        )

    # No super(): an entry is never changed, not even by the superuser.
    def unlink(self):  # pylint: disable=method-required-super
        raise UserError(
            _("The E4 journal cannot be deleted: its entries are kept as written.")
        )

    # No super(): an entry is never changed, not even by the superuser.
    def copy(self, default=None):  # pylint: disable=method-required-super
        raise UserError(_("The E4 journal is written by the application only."))

    # --- logging --------------------------------------------------------------------
    @api.model
    def _gpme_log(self, event, records, reason=None, details=None):
        """One entry per record (E4 records: dossier, fiche, evaluation...),
        chained after the last one. Called by the addon once the decision's
        own checks have passed."""
        if not records:
            return self.browse()
        # Every reason of the exam (unlock, doubt, deletion...) is bounded
        # like the texts of the records, whatever wizard typed it.
        check_values(self, {"reason": reason or False})
        journal = self.sudo().with_context(gpme_journal_log=True)
        # Frozen now, while the records exist.
        rows = [journal._gpme_entry_values(rec.sudo()) for rec in records]
        self.env.cr.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK_KEY])
        self.env.cr.execute(
            "UPDATE gpme_journal_head SET sequence = sequence + %s WHERE id = 1",
            [len(rows)],
        )
        journal.flush_model()
        self.env.cr.execute(
            "SELECT sequence, entry_hash FROM gpme_journal "
            "ORDER BY sequence DESC LIMIT 1"
        )
        last = self.env.cr.fetchone()
        sequence, previous = (last[0], last[1] or "") if last else (0, "")
        now = fields.Datetime.now()
        # sudo() keeps the user: the author is whoever took the decision.
        author = self.env.user
        vals_list = []
        for values in rows:
            sequence += 1
            vals = dict(
                values,
                sequence=sequence,
                date=now,
                event=event,
                user_id=author.id,
                author_ref=author.id,
                reason=(reason or "").strip() or False,
                details=details
                and json.dumps(details, sort_keys=True, default=str)
                or False,
                previous_hash=previous,
            )
            vals["entry_hash"] = journal._gpme_hash(vals, previous)
            previous = vals["entry_hash"]
            vals_list.append(vals)
        return journal.create(vals_list)

    @api.model
    def _gpme_entry_values(self, record):
        dossier = self.env["gpme.dossier"]
        if record._name == "gpme.dossier":
            dossier = record
        elif "dossier_id" in record._fields:
            dossier = record.dossier_id
        return {
            "res_model": record._name,
            "res_id": record.id,
            "record_name": record.display_name,
            "dossier_id": dossier.id,
            "dossier_ref": dossier.id or 0,
            "student_id": dossier.student_id.id,
            "student_ref": dossier.student_id.id or 0,
            "cohort_id": dossier.cohort_id.id,
            "cohort_ref": dossier.cohort_id.id or 0,
        }

    # --- the chain ------------------------------------------------------------------
    @api.model
    def _gpme_string_to_hash(self, values):
        """A canonical string of the hashed values (as account.move's
        string_to_hash: sorted JSON, ASCII only)."""

        def plain(name):
            value = values.get(name)
            if name == "date" and value:
                return fields.Datetime.to_string(value)
            if name == "event":
                return value or ""
            if isinstance(value, models.BaseModel):
                return value.id
            if value is False or value is None:
                return ""
            return value

        return json.dumps(
            {name: plain(name) for name in HASHED_FIELDS},
            sort_keys=True,
            ensure_ascii=True,
            separators=(",", ":"),
        )

    @api.model
    def _gpme_hash(self, values, previous_hash):
        string = (previous_hash or "") + self._gpme_string_to_hash(values)
        return sha256(string.encode("utf-8")).hexdigest()

    def _gpme_entry_problem(self, expected_previous):
        """Why this entry does not verify (None when it does)."""
        self.ensure_one()
        values = {name: self[name] for name in HASHED_FIELDS}
        if (self.previous_hash or "") != (expected_previous or ""):
            return _("it does not follow the previous entry of the journal")
        if self._gpme_hash(values, self.previous_hash) != self.entry_hash:
            return _("its content no longer matches its hash")
        return None

    @api.model
    def _gpme_verify_chain(self):
        """The whole chain recomputed from what is stored, in order:
        {"count", "ok", "broken_at" (entry number), "problem", "first", "last"}."""
        Journal = self.sudo()
        self.env.cr.execute("SELECT id FROM gpme_journal ORDER BY sequence")
        ids = [row[0] for row in self.env.cr.fetchall()]
        result = {"count": len(ids), "ok": True, "broken_at": None, "problem": None}
        previous, expected_sequence = "", 1
        # By batches: a journal of several sessions stays out of memory.
        for start in range(0, len(ids), 1000):
            batch = Journal.browse(ids[start : start + 1000])
            for entry in batch:
                problem = None
                if entry.sequence != expected_sequence:
                    problem = _("entry %s is missing", expected_sequence)
                else:
                    problem = entry._gpme_entry_problem(previous)
                if problem:
                    result.update(
                        ok=False, broken_at=expected_sequence, problem=problem
                    )
                    return result
                previous, expected_sequence = entry.entry_hash, expected_sequence + 1
            batch.invalidate_recordset()
        return result

    def _gpme_verify_entries(self):
        """{entry id: problem or None}, each entry checked against its own
        hash and the entry before it (the dossier's integrity page)."""
        Journal = self.sudo()
        previous = {}
        sequences = [s - 1 for s in self.sudo().mapped("sequence") if s > 1]
        if sequences:
            self.env.cr.execute(
                "SELECT sequence, entry_hash FROM gpme_journal WHERE sequence IN %s",
                [tuple(sequences)],
            )
            previous = dict(self.env.cr.fetchall())
        result = {}
        for entry in Journal.browse(self.ids):
            if entry.sequence > 1 and entry.sequence - 1 not in previous:
                result[entry.id] = _("entry %s is missing", entry.sequence - 1)
                continue
            result[entry.id] = entry._gpme_entry_problem(
                previous.get(entry.sequence - 1, "")
            )
        return result

    def action_verify_integrity(self):
        return self.env.ref("gpme_e4.action_report_journal_integrity").report_action(
            self.browse()
        )
