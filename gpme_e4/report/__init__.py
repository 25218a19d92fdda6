from . import report_gpme_evaluation_recap_xlsx
