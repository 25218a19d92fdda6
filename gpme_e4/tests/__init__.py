from . import test_referential
from . import test_cohort
from . import test_import
from . import test_http
from . import test_evidence_tag
from . import test_evidence_snapshot
from . import test_evidence_http
from . import test_evidence_services
