from . import gpme_situation_review_wizard
from . import gpme_evidence_tag_wizard
from . import gpme_evidence_tag_wizard_line
from . import gpme_conformity_wizard
from . import gpme_evaluation_unlock_wizard
from . import gpme_evaluation_b_exception_wizard
from . import gpme_evaluation_purge_wizard
from . import gpme_evaluation_unpublish_wizard
