# Order matters: the abstract mixins come before the models inheriting them.
from . import gpme_referential_mixin
from . import gpme_activity
from . import gpme_task
from . import gpme_savoir
from . import gpme_tool
from . import gpme_modality
from . import gpme_condition
from . import gpme_mastery_level
from . import gpme_grid_criterion
from . import gpme_conformity_rule
from . import gpme_cohort
from . import res_users
from . import gpme_dossier
from . import gpme_situation
from . import gpme_evidence
from . import gpme_review
