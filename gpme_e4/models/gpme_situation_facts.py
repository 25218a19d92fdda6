from odoo import models


class GpmeSituationFacts(models.AbstractModel):
    """The fiches as the conformity rules read them: plain rows from SQL,
    in a constant number of queries whatever the number of fiches (moved
    whole out of gpme.situation, issue 23)."""

    _name = "gpme.situation.facts"
    _description = "E4 fiche: facts read by the conformity rules"

    # Columns of the fiche the conformity rules read, and its many2many.
    _GPME_CONFORMITY_COLUMNS = (
        "dossier_id",
        "code",
        "name",
        "is_grcf",
        "is_oral",
        "is_written",
        "with_customer",
        "state",
        "modality_id",
        "oral_nature",
        "written_support",
    )
    _GPME_CONFORMITY_X2MANY = ("e4_activity_ids", "task_ids", "tool_ids")

    def _gpme_conformity_rows(self, dossier_ids=None):
        """The fiches of the given dossiers (or the fiches in self) as the
        conformity rules read them: dicts with the keys and values of
        ``read(load=None)``, in the order of the dossier, in four queries.

        read() costs about 0.1 ms per fiche and field in Python: 2.5 s for
        the 10,000 fiches of an académie (scripts/bench_academie.py). As
        read() does, the many2many leave out inactive activities, tasks and
        tools. No access check: the callers run as superuser on dossiers the
        user may read."""
        self.flush_model(self._GPME_CONFORMITY_COLUMNS + self._GPME_CONFORMITY_X2MANY)
        if dossier_ids is None:
            where, param = "s.id = ANY(%s)", list(self.ids)
        else:
            where, param = "s.dossier_id = ANY(%s)", list(dossier_ids)
        cr = self.env.cr
        # Constant names only: the field names above and the ORM's tables.
        columns = ", ".join(f"s.{name}" for name in self._GPME_CONFORMITY_COLUMNS)
        cr.execute(
            f"SELECT s.id, {columns} FROM {self._table} s WHERE {where}"
            " ORDER BY s.dossier_id, s.sequence, s.id",
            [param],
        )
        rows = cr.dictfetchall()
        by_id = {}
        for row in rows:
            for name in self._GPME_CONFORMITY_COLUMNS:
                if row[name] is None:
                    row[name] = False
            for name in self._GPME_CONFORMITY_X2MANY:
                row[name] = []
            by_id[row["id"]] = row
        # One query per many2many, on the fiches' ids (the relation's
        # primary key): not a subquery per fiche, costed high enough to
        # trigger PostgreSQL's JIT (0.4 s), nor a scan of the whole relation.
        ids = list(by_id)
        for name in self._GPME_CONFORMITY_X2MANY:
            field = self._fields[name]
            comodel = self.env[field.comodel_name]
            comodel.flush_model(["active"])
            cr.execute(
                f"SELECT r.{field.column1}, r.{field.column2}"
                f" FROM {field.relation} r"
                f" JOIN {comodel._table} c ON c.id = r.{field.column2}"
                f" WHERE r.{field.column1} = ANY(%s) AND c.active"
                f" ORDER BY r.{field.column2}",
                [ids],
            )
            for situation_id, target_id in cr.fetchall():
                by_id[situation_id][name].append(target_id)
        return rows

    def _gpme_conformity_extra(self, rows=None):
        """What the composition rules need beyond the fiche's kinds, for the
        situations in self, in a constant number of queries.

        :param rows: the fiches' ``_gpme_conformity_rows()``, when the caller
            has them already
        :return: ({situation id: keyword arguments of conformity.Situation},
            {task code: label}, {tool code: label})
        """
        env = self.env(su=True)
        if rows is None:
            rows = self.with_env(env)._gpme_conformity_rows()
        workplace = set(env["gpme.modality"].search([("is_workplace", "=", True)]).ids)
        tasks = {t.id: (t.code, t.name) for t in env["gpme.task"].search([])}
        tools = {
            t.id: (t.code, t.name)
            for t in env["gpme.tool"].with_context(active_test=False).search([])
        }
        software = {}
        for group in env["gpme.situation.software"].read_group(
            [("situation_id", "in", [row["id"] for row in rows])],
            ["situation_id", "tool_id"],
            ["situation_id", "tool_id"],
            lazy=False,
        ):
            software.setdefault(group["situation_id"][0], set()).add(
                group["tool_id"][0]
            )
        extra = {}
        for row in rows:
            tool_ids = set(row["tool_ids"]) | software.get(row["id"], set())
            extra[row["id"]] = {
                "workplace": row["modality_id"] in workplace,
                "task_codes": frozenset(
                    tasks[t][0] for t in row["task_ids"] if t in tasks
                ),
                "tool_codes": frozenset(tools[t][0] for t in tool_ids if t in tools),
                "oral_nature": row["oral_nature"] or None,
                "written_support": row["written_support"] or None,
            }
        # In the référentiel's order (the models' _order).
        return extra, dict(tasks.values()), dict(tools.values())
