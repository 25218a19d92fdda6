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

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ValidationError

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


class GpmeLockMixin(models.AbstractModel):
    _name = "gpme.lock.mixin"
    _description = "E4 lock: fields writable per state and role"

    # {lock state: {role: tuple of field names (CREATE, UNLINK included) or ALL}}
    _gpme_lock_rules = {}
    # Fields no role but "admin" writes, even under ALL (owner, workflow).
    _gpme_lock_protected = frozenset()
    # Many2one to the record whose lock this one follows (None: its own).
    _gpme_lock_parent = None
    # Lock states in which the record's attachments and messages with
    # attachments are frozen too (the exam's record).
    _gpme_lock_frozen_states = ("locked",)

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
    def _gpme_check_sizes(self, vals):
        """Refuse oversized texts, naming the field (in French)."""
        if self.env.su:
            return
        for name, value in vals.items():
            if name in self._gpme_lock_protected:
                continue  # written by the addon's own machinery
            field = self._fields.get(name)
            if field is not None:
                self._gpme_check_type(field, value)
            limit = field and MAX_SIZES.get(field.type)
            if limit and isinstance(value, str) and len(value) > limit:
                raise ValidationError(
                    _(
                        "« %(field)s » is too long: %(size)s characters, at most "
                        "%(max)s.",
                        field=field._description_string(self.env),
                        size=len(value),
                        max=limit,
                    )
                )

    def _gpme_check_type(self, field, value):
        """Ids, numbers and dates of the wrong type: a French error naming
        the field instead of a technical one (or a silent empty value)."""
        if value is False or value is None or isinstance(value, models.BaseModel):
            return
        wrong = False
        if field.type in ("many2one", "integer"):
            wrong = isinstance(value, bool) or not isinstance(value, int)
        elif field.type in ("date", "datetime"):
            convert = fields.Date if field.type == "date" else fields.Datetime
            try:
                convert.to_date(value) if field.type == "date" else convert.to_datetime(
                    value
                )
            except (ValueError, TypeError):
                wrong = True
        if wrong:
            raise ValidationError(
                _(
                    "« %(field)s »: the value given is not valid for this field.",
                    field=field._description_string(self.env),
                )
            )

    # --- the ORM --------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._gpme_check_sizes(vals)
        records = super().create(vals_list)
        # Checked on the records as created: the target's state and the
        # caller's roles there, whatever the values said.
        records._gpme_lock_check({CREATE})
        return records

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

    def _gpme_lock_move_fields(self):
        """Many2one fields whose change moves the record to another parent."""
        return {self._gpme_lock_parent} - {None}
