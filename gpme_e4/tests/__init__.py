from . import test_referential
from . import test_cohort
from . import test_import
from . import test_http
<<<<<<< HEAD
from . import test_dossier_conformity_unit
from . import test_dossier_workflow
from . import test_dossier_indicators
from . import test_dossier_rpc
from . import test_fiche_checks
from . import test_fiche_workflow
from . import test_fiche_software
from . import test_fiche_review
from . import test_fiche_rpc
=======
from . import test_evidence_tag
from . import test_evidence_snapshot
from . import test_evidence_http
from . import test_evidence_services
>>>>>>> evidence
