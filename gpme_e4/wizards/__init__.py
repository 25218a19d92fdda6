from . import gpme_situation_review_wizard
