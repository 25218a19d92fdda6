from . import report_gpme_review_recap
