from . import report_gpme_evaluation_recap_xlsx
from . import report_gpme_review_recap
from . import report_gpme_synoptic
from . import report_gpme_fiche
from . import report_gpme_synoptic_xlsx
from . import report_gpme_dossier
from . import report_gpme_evidence_integrity
from . import report_gpme_journal_integrity
