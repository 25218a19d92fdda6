from . import test_evidence_stock
