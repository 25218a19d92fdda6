from . import test_referential
from . import test_evidence_tag
