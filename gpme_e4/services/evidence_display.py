"""The evidence as its reader reads it: the frozen values, the live ones
and their differences, labelled and formatted in the reader's language.

One data builder for the evidence form, the E4 viewer and the status note:
it returns rows of plain values that the QWeb templates
(gpme_evidence_templates.xml) lay out, and never HTML.
"""

import json
from datetime import datetime

from odoo import _, fields
from odoo.tools import html2plaintext
from odoo.tools.misc import format_date, format_datetime, formatLang

from .evidence_snapshot import compare_values, diff_values, restrict_to


class EvidenceDisplay:
    """Built on one gpme.evidence record, in the reader's environment (its
    language for labels, numbers and dates)."""

    def __init__(self, evidence):
        evidence.ensure_one()
        self.evidence = evidence
        self.env = evidence.env
        self.res_model = evidence.res_model

    def render(self, template, values):
        return self.env["ir.qweb"]._render(template, values)

    def snapshot_html(self):
        """The last frozen version as a table."""
        evidence = self.evidence
        if not evidence.snapshot_values:
            return False
        values = json.loads(evidence.snapshot_values)
        return self.render(
            "gpme_e4.evidence_snapshot_table", self.snapshot_table(values)
        )

    def live_html(self, source):
        """The live document (``source``, read as superuser) as a table."""
        if not source:
            return False
        values = source._gpme_evidence_values()[source.id]
        return self.render(
            "gpme_e4.evidence_snapshot_table", self.snapshot_table(values)
        )

    def diff_html(self, source):
        """The first version against the last, the last against the live
        document (``source``, read as superuser; None when deleted)."""
        evidence = self.evidence
        first, last = evidence.first_snapshot_id, evidence.last_snapshot_id
        if not last:
            return False
        frozen_first = json.loads(first.frozen_values or "null")
        frozen_last = json.loads(last.frozen_values or "null")
        live = (
            restrict_to(source._gpme_evidence_values()[source.id], frozen_last)
            if source
            else None
        )
        return self.render(
            "gpme_e4.evidence_snapshot_diff",
            {
                "first_last": self.diff_rows(frozen_first, frozen_last)
                if first != last
                else [],
                "last_live": self.diff_rows(frozen_last, live) if source else [],
                "deleted": not source,
                "first": first,
                "last": last,
            },
        )

    def compare_html(self, live_values):
        """The viewer: the last version beside the live values (None when
        the document was deleted)."""
        last = self.evidence.last_snapshot_id
        if not last:
            return False
        frozen = json.loads(last.frozen_values or "null") or {}
        live = None
        if live_values is not None:
            live = restrict_to(live_values, frozen)
        return self.render(
            "gpme_e4.evidence_compare", self.compare_context(frozen, live, last)
        )

    def snapshot_table(self, values):
        """The context of the template gpme_e4.evidence_snapshot_table."""
        return {
            "rows": self.snapshot_rows(values),
            "line_head": self.line_head(values),
            "line_rows": self.line_rows(values),
        }

    def status_note(self, frozen, live, neutral):
        """The fields that changed, named: printed ones first, then the
        lifecycle ones (« normal evolution »)."""
        if live is None or frozen is None:
            return False
        changed, normal = [], []
        for key, _before, _after in diff_values(frozen, live):
            fname = key.split(".", 1)[1] if key.startswith("lines[") else key
            label = self.label(fname, key.startswith("lines["))
            target = normal if fname in neutral else changed
            if label not in target:
                target.append(label)
        parts = []
        if changed:
            parts.append(_("Changed: %s", ", ".join(changed)))
        if normal:
            parts.append(_("Normal evolution: %s", ", ".join(normal)))
        return " · ".join(parts) or False

    def compare_context(self, frozen, live, last):
        """The viewer's rows, labelled and formatted for the reader."""
        rows, lines = compare_values(frozen, live, self.neutral_fields())
        model = self.env.get(self.res_model)
        order = list(getattr(model, "_gpme_evidence_fields", ()))
        rank = {k: i for i, k in enumerate(order)}
        rows.sort(key=lambda r: (rank.get(r[0], len(rank)), r[0]))
        hidden = {"model", "id", "display_name"}

        def cell(key, before, after, state, is_line=False):
            label = self.label(key, is_line)
            return {
                "key": key,
                "label": label,
                "old": self.format_value(key, before, frozen, is_line),
                "new": self.format_value(key, after, live, is_line),
                "state": state,
                "title": self.compare_title(label, state),
            }

        head_rows = [
            cell(*row)
            for row in rows
            if row[0] not in hidden
            and not (row[3] == "same" and row[1] in (None, False, ""))
        ]
        line_order = list(getattr(model, "_gpme_evidence_line_fields", ()))
        line_keys = []
        for _rank, _state, cells in lines:
            line_keys += [c[0] for c in cells if c[0] not in line_keys]
        line_keys.sort(
            key=lambda k: (
                k not in line_order,
                line_order.index(k) if k in line_order else 0,
            )
        )
        line_head = [{"key": k, "label": self.label(k, lines=True)} for k in line_keys]
        line_rows = [
            {
                "rank": line_rank,
                "state": state,
                "cells": {c[0]: cell(*c, is_line=True) for c in cells},
            }
            for line_rank, state, cells in lines
        ]
        changed = [r["label"] for r in head_rows if r["state"] == "changed"]
        # A loop, not a comprehension: _() finds the language in this frame.
        for line in line_rows:
            if line["state"] in ("changed", "added", "removed"):
                changed.append(_("line %s", line["rank"]))
        return {
            "rows": head_rows,
            "line_head": line_head,
            "line_rows": line_rows,
            "deleted": live is None,
            "last": last,
            "changed": changed
            and _("Changed since the snapshot: %s.", ", ".join(changed)),
            "frozen_title": _("Frozen: %s", last.display_label),
        }

    def compare_title(self, label, state):
        if state == "changed":
            return _("%s: changed since the snapshot", label)
        if state == "neutral":
            return _(
                "%s: normal evolution (the PGI did its work: invoicing, "
                "delivery, payment); the evidence stays up to date",
                label,
            )
        return ""

    def neutral_fields(self):
        """Lifecycle fields of the document's model (see the mixin)."""
        model = self.env.get(self.res_model)
        return frozenset(getattr(model, "_gpme_evidence_neutral_fields", ()))

    def field(self, key, lines=False):
        model = self.env.get(self.res_model)
        if model is None:
            return None
        if lines:
            line_field = model._gpme_evidence_line_field
            if not line_field or line_field not in model._fields:
                return None
            model = self.env[model._fields[line_field].comodel_name]
        return model._fields.get(key)

    def label(self, key, lines=False):
        field = self.field(key, lines)
        return field._description_string(self.env) if field else key

    def format_value(self, key, value, values=None, lines=False):
        """A frozen value as the user reads it, in their language."""
        if value is None or value is False:
            return ""
        field = self.field(key, lines)
        ftype = field.type if field else None
        if ftype == "selection":
            return dict(field._description_selection(self.env)).get(value, value)
        if ftype == "boolean":
            return _("Yes") if value else _("No")
        if ftype == "html":
            return html2plaintext(value)
        if ftype == "date":
            return format_date(self.env, fields.Date.to_date(value[:10]))
        if ftype == "datetime":
            return format_datetime(self.env, datetime.fromisoformat(value))
        if ftype in ("monetary", "float", "integer") and isinstance(
            value, (int, float)
        ):
            currency = None
            if ftype == "monetary" and values and values.get("currency_id"):
                currency = (
                    self.env["res.currency"]
                    .with_context(active_test=False)
                    .search([("name", "=", values["currency_id"])], limit=1)
                )
            if ftype == "integer":
                return formatLang(self.env, value, digits=0)
            return formatLang(self.env, value, currency_obj=currency or None)
        return str(value)

    def snapshot_rows(self, values):
        """[{label, value}] in the model's own list order, zeros shown."""
        model = self.env.get(self.res_model)
        order = (
            list(getattr(model, "_gpme_evidence_fields", ()))
            if model is not None
            else []
        )
        keys = [k for k in order if k in values] + sorted(
            k for k in values if k not in order
        )
        return [
            {
                "label": self.label(k),
                "value": self.format_value(k, values[k], values),
            }
            for k in keys
            if k not in ("model", "id", "display_name", "lines")
            # Identity, not equality: 0.0 == False, and a zero is shown.
            and values[k] is not False
            and values[k] is not None
            and values[k] != ""
        ]

    def line_head(self, values):
        lines = values.get("lines") or []
        if not lines:
            return []
        model = self.env.get(self.res_model)
        order = list(getattr(model, "_gpme_evidence_line_fields", ()))
        keys = [k for k in order if k in lines[0]] + [
            k for k in lines[0] if k not in order
        ]
        return [{"key": k, "label": self.label(k, lines=True)} for k in keys]

    def line_rows(self, values):
        head = self.line_head(values)
        return [
            [
                self.format_value(h["key"], line.get(h["key"]), values, True)
                for h in head
            ]
            for line in values.get("lines") or []
        ]

    def diff_rows(self, old, new):
        """[{label, old, new}] of the values that differ, formatted."""
        rows = []
        for key, before, after in diff_values(old or {}, new or {}):
            lines = key.startswith("lines[")
            fname = key.split(".", 1)[1] if lines else key
            label = self.label(fname, lines)
            if lines:
                label = _(
                    "Line %(rank)s: %(label)s",
                    rank=key[6 : key.index("]")],
                    label=label,
                )
            if fname in self.neutral_fields():
                label = _("%s (normal evolution)", label)
            rows.append(
                {
                    "label": label,
                    "old": self.format_value(fname, before, old, lines),
                    "new": self.format_value(fname, after, new, lines),
                }
            )
        return rows
