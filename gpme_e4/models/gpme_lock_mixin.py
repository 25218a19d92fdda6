"""One lock mechanism for every E4 record (in the spirit of OCA
base_tier_validation): which fields a role may write in which lock state,
checked in create, write and unlink of the record and of the target of any
move (a fiche moved to another dossier must be welcome there).

A model using it defines:

- ``_gpme_lock_rules``: {lock state: {role: fields}} where fields is a tuple
  of field names, ``ALL`` (every field) and may hold the pseudo fields
  ``CREATE`` and ``UNLINK``; administrators bypass only where a rule says so
  (role ``"admin"``), the superuser always;
- ``_gpme_lock_state()``: {record id: lock state};
- ``_gpme_lock_roles()``: {record id: set of roles}, normally from
  ``gpme.dossier._gpme_roles`` so that record rules, locks and buttons share
  one definition of who is who.

A line that follows its parent's lock (a bilan line and its bilan) declares
``_gpme_lock_parent = "review_id"``: it takes its parent's state and roles,
and writing it needs the parent's ``line_ids`` field to be writable.
"""

import math
from datetime import date

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.osv import expression

ALL = "__all__"
CREATE = "__create__"
UNLINK = "__unlink__"
# Adding, changing or deleting the files attached to the record.
ATTACH = "__attachments__"
# Longest text a user may type per field type (characters): beyond, it is a
# paste gone wrong or an attempt to bloat the reports.
MAX_SIZES = {"char": 1_000, "text": 20_000, "html": 200_000}
# Chatter and activities stay open in every state: commenting is not editing.
EXEMPT_FIELDS = frozenset(
    {"message_main_attachment_id", "activity_ids", "message_follower_ids"}
)
# Dates an E4 record can bear (a fiche of 1900 or a bilan of 1800 is a typo).
DATE_MIN, DATE_MAX = date(2000, 1, 1), date(2099, 12, 31)
INT_MAX = 2**31 - 1
# Invisible characters that reorder the text shown (a title printed
# backwards): right-to-left/left-to-right embeddings, overrides, isolates.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Search operators as the ORM spells them once normalised.
SEARCH_OPERATORS = frozenset(expression.TERM_OPERATORS) | {"<>"}


def field_label(self, field):
    """The field's label in the caller's language (RPC calls often carry no
    context: the user's language then)."""
    env = self.env
    if not env.lang:
        env = env(context=dict(env.context, lang=env.user.lang))
    return field._description_string(env)


def _invalid(self, field, message=None):
    label = field_label(self, field)
    return ValidationError(
        message
        or _("« %(field)s »: the value given is not valid for this field.", field=label)
    )


def check_values(self, vals, skip=(), create=False):
    """Before the database sees them: texts bounded and without NUL, numbers,
    booleans, selections, dates and ids of the right type and range, ids of
    existing records; on create, the required fields given. A French error
    naming the field, never a raw one."""
    if self.env.su:
        return
    for name, value in vals.items():
        field = self._fields.get(name)
        if field is None:
            raise ValidationError(
                _("« %(field)s » is not a field of this record.", field=name)
            )
        if name in skip:
            continue
        _check_value(self, field, value)
    if create:
        _check_required(self, vals)


def _check_required(self, vals):
    """A required field left empty: the label, not the database's NOT NULL
    (whose message Odoo words with the field's English string)."""
    missing = [
        name
        for name, field in self._fields.items()
        if field.required
        and field.store
        and not field.compute
        and field.type != "boolean"
        and vals.get(name) in (None, False)
        and name not in models.MAGIC_COLUMNS
    ]
    if not missing:
        return
    defaults = self.default_get([n for n in missing if n not in vals])
    for name in missing:
        if defaults.get(name) in (None, False):
            raise ValidationError(
                _(
                    "« %(field)s »: this field is required.",
                    field=field_label(self, self._fields[name]),
                )
            )


def check_domain(self, domain):
    """A search domain as a client sends it: known fields (dotted paths
    included), known operators, selection values of the selection. A French
    error naming the field, never the ORM's « Invalid leaf »."""
    if self.env.su or not isinstance(domain, (list, tuple)):
        return
    for leaf in domain:
        if not isinstance(leaf, (list, tuple)) or len(leaf) != 3:
            continue
        left, operator, right = leaf
        if not isinstance(left, str):
            continue
        model, field = self, None
        for position, name in enumerate(left.split(".")):
            if field is not None:
                if not field.relational:
                    raise ValidationError(
                        _("« %(field)s » is not a field of this record.", field=left)
                    )
                model = self.env[field.comodel_name]
            field = model._fields.get(name)
            if field is None:
                raise ValidationError(
                    _(
                        "« %(field)s » is not a field of this record.",
                        field=left if position == 0 else name,
                    )
                )
        if not isinstance(operator, str) or operator.lower() not in SEARCH_OPERATORS:
            raise ValidationError(
                _(
                    "« %(field)s »: « %(operator)s » is not a search operator.",
                    field=field_label(model, field),
                    operator=operator,
                )
            )
        if (
            field.type == "selection"
            and isinstance(field.selection, list)
            and operator.lower() in ("=", "!=", "<>", "in", "not in")
        ):
            values = right if isinstance(right, (list, tuple)) else [right]
            allowed = {key for key, __ in field.selection} | {False, None}
            if any(not _hashable(v) or v not in allowed for v in values):
                raise _invalid(model, field)


def _hashable(value):
    try:
        hash(value)
    except TypeError:
        return False
    return True


def check_field_names(self, names):
    """Field names of a read_group (« name », « name:agg », « alias:agg(name) »,
    « name:month »): each a field of the record."""
    if self.env.su:
        return
    for spec in names:
        if not isinstance(spec, str):
            raise ValidationError(
                _("« %(field)s » is not a field of this record.", field=spec)
            )
        name = spec.split(":")[0].strip()
        if "(" in spec and spec.endswith(")"):
            name = spec[spec.index("(") + 1 : -1].strip()
        if name != "__count" and name not in self._fields:
            raise ValidationError(
                _("« %(field)s » is not a field of this record.", field=name)
            )


def _check_value(self, field, value):
    ftype = field.type
    if isinstance(value, str) and "\x00" in value:
        raise _invalid(self, field)
    if isinstance(value, str) and BIDI_CONTROLS.intersection(value):
        raise ValidationError(
            _(
                "« %(field)s »: the text holds invisible characters that reverse "
                "the way it is shown (U+202E and the like).",
                field=field_label(self, field),
            )
        )
    limit = MAX_SIZES.get(ftype)
    if limit and isinstance(value, str) and len(value) > limit:
        raise ValidationError(
            _(
                "« %(field)s » is too long: %(size)s characters, at most %(max)s.",
                field=field_label(self, field),
                size=len(value),
                max=limit,
            )
        )
    if value is False or value is None or isinstance(value, models.BaseModel):
        return
    if ftype in ("many2one", "integer"):
        if isinstance(value, bool) or not isinstance(value, int):
            raise _invalid(self, field)
        if abs(value) > INT_MAX:
            raise _invalid(self, field)
        if field.name == "sequence" and value < 0:
            # An order: 0 first, nothing before.
            raise ValidationError(
                _(
                    "« %(field)s »: the order is a positive number.",
                    field=field_label(self, field),
                )
            )
        if (
            ftype == "many2one"
            and field.name not in getattr(self, "_gpme_ids_checked_by_model", ())
            and not (
                value > 0 and self.env[field.comodel_name].sudo().browse(value).exists()
            )
        ):
            raise _invalid(
                self,
                field,
                _(
                    "« %(field)s »: the record chosen does not exist.",
                    field=field_label(self, field),
                ),
            )
    elif ftype in ("float", "monetary"):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise _invalid(self, field)
        if math.isnan(value) or math.isinf(value) or abs(value) > 1e9:
            raise _invalid(self, field)
    elif ftype == "boolean":
        if value not in (True, False, 0, 1):
            raise _invalid(self, field)
    elif ftype == "selection":
        if not callable(field.selection) or isinstance(field.selection, list):
            allowed = {key for key, __ in field._description_selection(self.env)}
            if value not in allowed:
                raise _invalid(self, field)
    elif ftype in ("date", "datetime"):
        try:
            if ftype == "date":
                day = fields.Date.to_date(value)
            else:
                day = fields.Datetime.to_datetime(value).date()
        except (ValueError, TypeError, OverflowError):
            raise _invalid(self, field) from None
        if day and not DATE_MIN <= day <= DATE_MAX:
            raise _invalid(
                self,
                field,
                _(
                    "« %(field)s »: %(date)s is not a plausible date.",
                    field=field_label(self, field),
                    date=day.strftime("%d/%m/%Y"),
                ),
            )
    elif ftype in ("char", "text", "html"):
        if not isinstance(value, str):
            raise _invalid(self, field)
    elif ftype == "many2many":
        _check_ids(self, field, value)


def _check_ids(self, field, commands):
    """Ids linked by many2many commands must exist."""
    if not isinstance(commands, (list, tuple)):
        raise _invalid(self, field)
    ids = []
    for command in commands:
        if isinstance(command, int) and not isinstance(command, bool):
            ids.append(command)
        elif isinstance(command, (list, tuple)) and command:
            if command[0] == 4 and len(command) > 1:
                ids.append(command[1])
            elif command[0] == 6 and len(command) > 2:
                if not isinstance(command[2], (list, tuple)):
                    raise _invalid(self, field)
                ids.extend(command[2])
        else:
            raise _invalid(self, field)
    if any(isinstance(i, bool) or not isinstance(i, int) or i <= 0 for i in ids):
        raise _invalid(self, field)
    if ids:
        found = self.env[field.comodel_name].sudo().browse(ids).exists()
        if len(found) != len(set(ids)):
            raise _invalid(
                self,
                field,
                _(
                    "« %(field)s »: a record chosen does not exist.",
                    field=field_label(self, field),
                ),
            )


class GpmeLockMixin(models.AbstractModel):
    _name = "gpme.lock.mixin"
    _description = "E4 lock: fields writable per state and role"

    # {lock state: {role: tuple of field names (CREATE, UNLINK included) or ALL}}
    _gpme_lock_rules = {}
    # Fields no role but "admin" writes, even under ALL (owner, workflow).
    _gpme_lock_protected = frozenset()
    # Fields a create (or copy) by anyone but an administrator ignores: the
    # workflow's own (state, review, codes), set by its buttons only.
    _gpme_lock_create_ignored = frozenset()
    # Many2one fields whose ids the model checks itself (no query twice).
    _gpme_ids_checked_by_model = frozenset()
    # Whether a create checks the fields given (with a value) as a write
    # would, in the new record's state: facts a role may not write, it may
    # not create with either (empty values are no declaration).
    _gpme_lock_check_create_fields = False
    # Many2one to the record whose lock this one follows (None: its own).
    _gpme_lock_parent = None
    # Lock states in which the record's attachments and messages with
    # attachments are frozen too (the exam's record).
    _gpme_lock_frozen_states = ("locked",)

    # For a model whose form declares ``gpme_readonly`` (computed by the
    # method below): the field its inputs stand for. When the user's roles may
    # not write it in the record's state, the form shows the record read-only.
    _gpme_readonly_probe = "name"

    def _compute_gpme_readonly(self):
        # Same rule as the write check: offer no input that saving refuses.
        saved = self.filtered("id")
        (self - saved).gpme_readonly = False
        if self.env.su or not saved:
            saved.gpme_readonly = False
            return
        states = saved._gpme_lock_state()
        roles = saved._gpme_lock_roles()
        probe = {self._gpme_readonly_probe}
        for rec in saved:
            rec.gpme_readonly = bool(
                saved._gpme_lock_refused(states[rec.id], roles[rec.id], probe)
            )

    # --- what a model defines ---------------------------------------------------
    def _gpme_lock_state(self):
        """{record id: lock state}."""
        if self._gpme_lock_parent:
            parents = self.sudo()[self._gpme_lock_parent]
            states = parents._gpme_lock_state()
            return {
                rec.id: states.get(rec.sudo()[self._gpme_lock_parent].id)
                for rec in self
            }
        return {rec.id: "open" for rec in self}

    def _gpme_lock_roles(self):
        """{record id: roles of the current user}."""
        if self._gpme_lock_parent:
            parents = self.sudo()[self._gpme_lock_parent].with_env(self.env)
            roles = parents._gpme_lock_roles()
            return {
                rec.id: roles.get(rec.sudo()[self._gpme_lock_parent].id, set())
                for rec in self
            }
        return {rec.id: set() for rec in self}

    def _gpme_lock_rules_for(self, state):
        if self._gpme_lock_parent:
            parent_model = self.env[self._fields[self._gpme_lock_parent].comodel_name]
            return parent_model._gpme_lock_rules_for(state)
        return self._gpme_lock_rules.get(state, {})

    def _gpme_lock_state_label(self, state):
        """The state as the user reads it (translated)."""
        if self._gpme_lock_parent:
            parent_model = self.env[self._fields[self._gpme_lock_parent].comodel_name]
            return parent_model._gpme_lock_state_label(state)
        field = self._fields.get("state")
        if field is not None and field.type == "selection":
            return dict(field._description_selection(self.env)).get(state, state)
        return state

    # --- the check ----------------------------------------------------------------
    def _gpme_lock_refused(self, state, roles, names):
        """The subset of names refused to these roles in this state."""
        rules = self._gpme_lock_rules_for(state)
        allowed = set(EXEMPT_FIELDS)
        for role in roles:
            fields_ = rules.get(role, ())
            if fields_ == ALL:
                protected = set() if role == "admin" else self._gpme_lock_protected
                allowed.update(set(names) - protected)
            else:
                allowed.update(fields_)
        return set(names) - allowed

    def _gpme_lock_check(self, names):
        """Raise unless the current user may change ``names`` (fields, CREATE
        or UNLINK) on every record of self, in its current state."""
        if self.env.su or not self:
            return
        states = self._gpme_lock_state()
        roles = self._gpme_lock_roles()
        for rec in self:
            refused = self._gpme_lock_refused(states[rec.id], roles[rec.id], names)
            if refused:
                raise AccessError(rec._gpme_lock_message(states[rec.id], refused))

    def _gpme_lock_message(self, state, refused):
        """The refusal: field labels and the state label, never the name of
        the record (the caller may not be allowed to read it)."""
        label = self._gpme_lock_state_label(state)
        if CREATE in refused:
            return _(
                "You cannot add this record here: it is « %(state)s ».", state=label
            )
        if ATTACH in refused:
            return _(
                "You cannot add, change or delete the files of this record: it "
                "is « %(state)s ».",
                state=label,
            )
        if UNLINK in refused:
            return _("You cannot delete this record: it is « %(state)s ».", state=label)
        labels = sorted(
            self._fields[f]._description_string(self.env)
            for f in refused
            if f in self._fields
        ) or sorted(refused)
        return _(
            "You cannot change %(fields)s of this record: it is « %(state)s ».",
            fields=", ".join(f"« {name} »" for name in labels),
            state=label,
        )

    @api.model
    def _gpme_check_sizes(self, vals, create=False):
        """Refuse oversized texts and values of the wrong type (and, on
        create, required fields left empty), naming the field (in French)."""
        check_values(self, vals, skip=self._gpme_lock_protected, create=create)

    # --- what clients send to search ------------------------------------------------
    @api.model
    def _search(self, domain, *args, **kwargs):
        check_domain(self, domain)
        return super()._search(domain, *args, **kwargs)

    @api.model
    def read_group(self, domain, fields, groupby, *args, **kwargs):
        check_domain(self, domain)
        groupbys = [groupby] if isinstance(groupby, str) else list(groupby or [])
        check_field_names(self, list(fields or []) + groupbys)
        return super().read_group(domain, fields, groupby, *args, **kwargs)

    # --- the ORM --------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        if self._gpme_lock_create_ignored and not self._gpme_lock_is_admin():
            # Workflow fields never come from the client: a new record starts
            # where the workflow starts (copies are cleaned in copy_data).
            for vals in vals_list:
                self._gpme_lock_check_workflow_vals(vals)
        for vals in vals_list:
            self._gpme_check_sizes(vals, create=True)
        records = super().create(vals_list)
        # Checked on the records as created: the target's state and the
        # caller's roles there, whatever the values said.
        if self._gpme_lock_check_create_fields:
            for record, vals in zip(records, vals_list, strict=True):
                given = {name for name, value in vals.items() if value}
                record._gpme_lock_check({CREATE} | given)
        else:
            records._gpme_lock_check({CREATE})
        return records

    def _gpme_lock_is_admin(self):
        return self.env.su or self.env.user.has_group("gpme_e4.group_admin")

    def _gpme_lock_check_workflow_vals(self, vals):
        """Refuse a workflow field given a value other than its start."""
        for name in self._gpme_lock_create_ignored & set(vals):
            field = self._fields[name]
            start = field.default(self) if callable(field.default) else False
            if vals[name] and vals[name] != start:
                raise AccessError(
                    _(
                        "« %(field)s » is set by the review workflow, not when "
                        "the record is created.",
                        field=field._description_string(self.env),
                    )
                )

    def copy_data(self, default=None):
        # A copy starts where the workflow starts, whatever the original's
        # state or the defaults the caller passes.
        if self._gpme_lock_create_ignored and not self._gpme_lock_is_admin():
            default = {
                k: v
                for k, v in (default or {}).items()
                if k not in self._gpme_lock_create_ignored
            }
            result = super().copy_data(default=default)
            for vals in result:
                for name in self._gpme_lock_create_ignored & set(vals):
                    field = self._fields[name]
                    vals[name] = (
                        field.default(self) if callable(field.default) else False
                    )
            return result
        return super().copy_data(default=default)

    def write(self, vals):
        self._gpme_lock_check(set(vals))
        self._gpme_check_sizes(vals)
        moves = self._gpme_lock_move_fields() & set(vals)
        res = super().write(vals)
        if moves:
            # The target of a move must accept the records as new ones.
            self._gpme_lock_check({CREATE})
        return res

    def unlink(self):
        self._gpme_lock_check({UNLINK})
        return super().unlink()

    # --- attachments and messages of frozen records -----------------------------------
    def _gpme_chatter_frozen(self):
        """{record id: whether its messages and files are frozen} (see
        mail.message: nobody but the application changes them then)."""
        states = self._gpme_lock_state()
        return {rec.id: states[rec.id] in self._gpme_lock_frozen_states for rec in self}

    def _gpme_lock_check_attachments(self):
        """Refuse adding, changing or deleting files on frozen records (the
        chatter stays open for words: comments without files)."""
        if self.env.su or self.env.user.has_group("gpme_e4.group_admin"):
            return
        states = self._gpme_lock_state()
        if any(states[rec.id] in self._gpme_lock_frozen_states for rec in self):
            raise AccessError(
                _(
                    "The dossier has been submitted: the files attached to its "
                    "records can no longer be added, changed or deleted."
                )
            )
        # Otherwise files are the work of whoever may write the record.
        self._gpme_lock_check({ATTACH})

    def _message_post_process_attachments(
        self, attachments, attachment_ids, message_values
    ):
        # mail.thread links the posted files as superuser: check before.
        if attachments or attachment_ids:
            self._gpme_lock_check_attachments()
        return super()._message_post_process_attachments(
            attachments, attachment_ids, message_values
        )

    def _check_can_update_message_content(self, messages):
        # Editing or deleting a message of a frozen record (and its files).
        self._gpme_lock_check_attachments()
        return super()._check_can_update_message_content(messages)

    # --- followers ----------------------------------------------------------
    def message_subscribe(self, partner_ids=None, subtype_ids=None):
        """Following a record oneself is anyone's right; subscribing others is
        the teachers' (and administrators'): a student does not make a
        stranger follow her fiche. A message's recipients are followed only
        when the poster may subscribe them."""
        own = self.env.user.partner_id.id
        others = set(partner_ids or []) - {own}
        if others and not self.env.su:
            roles = self._gpme_lock_roles()
            if any(not roles.get(rec.id, set()) & {"teacher", "admin"} for rec in self):
                if not self.env.context.get("mail_post_autofollow"):
                    raise AccessError(
                        _("Only the teachers add followers to an E4 record.")
                    )
                partner_ids = [p for p in partner_ids if p == own]
        return super().message_subscribe(
            partner_ids=partner_ids, subtype_ids=subtype_ids
        )

    def _gpme_lock_move_fields(self):
        """Many2one fields whose change moves the record to another parent."""
        return {self._gpme_lock_parent} - {None}
