from . import gpme_situation_review_wizard
from . import gpme_evidence_tag_wizard
from . import gpme_evidence_tag_wizard_line
