from . import test_demo
from . import test_demo_company_per_student
