from . import test_referential
from . import test_cohort
from . import test_import
from . import test_http
