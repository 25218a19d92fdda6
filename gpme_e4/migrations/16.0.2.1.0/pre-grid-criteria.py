"""Grids from the référentiel (16.0.2.1.0), before the data is loaded.

The criteria are noupdate data. The 37 critères de performance of 16.0.2.0.0
keep their records (the bilans' positionings point to them) but some change
number: four communication items were filed as operational (P1.2.6, P1.3.6,
P1.4.5, P1.6.7) and 1.5 gains « une analyse pertinente de la situation
d'achat » in first place. Their xml ids follow their meaning before the data
file is read (the post script then rewrites them from it).
"""

RENAMED = [
    ("criterion_perf_1_2_6", "criterion_com_1_2_3"),
    ("criterion_perf_1_3_6", "criterion_com_1_3_2"),
    ("criterion_perf_1_4_5", "criterion_com_1_4_3"),
    ("criterion_perf_1_6_7", "criterion_com_1_6_2"),
] + [
    (f"criterion_perf_1_5_{n}", f"criterion_perf_1_5_{n + 1}") for n in range(8, 0, -1)
]


def migrate(cr, version):
    if not version:
        return
    for old, new in RENAMED:
        cr.execute(
            """
            UPDATE ir_model_data SET name = %s
             WHERE module = 'gpme_e4' AND model = 'gpme.grid.criterion'
               AND name = %s
               AND NOT EXISTS (SELECT 1 FROM ir_model_data
                                WHERE module = 'gpme_e4' AND name = %s)
            """,
            (new, old, new),
        )
