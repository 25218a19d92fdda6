from . import gpme_demo_company_builder
from . import gpme_demo_business_builder
from . import gpme_demo_class_builder
