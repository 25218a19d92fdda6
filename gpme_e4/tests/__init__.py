from . import test_referential
from . import test_fiche_checks
from . import test_fiche_workflow
from . import test_fiche_software
from . import test_fiche_review
from . import test_fiche_rpc
