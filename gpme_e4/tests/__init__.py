from . import test_referential
