from . import test_referential
from . import test_evidence_tag
from . import test_evidence_snapshot
from . import test_evidence_http
from . import test_evidence_services
