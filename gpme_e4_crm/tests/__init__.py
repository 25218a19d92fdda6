from . import test_evidence_crm
