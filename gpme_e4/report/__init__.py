from . import report_gpme_evaluation_recap_xlsx
from . import report_gpme_review_recap
