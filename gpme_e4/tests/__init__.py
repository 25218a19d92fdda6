from . import test_referential
from . import test_cohort
from . import test_import
from . import test_http
from . import test_dossier_conformity_unit
from . import test_dossier_workflow
from . import test_dossier_indicators
from . import test_dossier_rpc
