"""The words of a fiche: its review states and the référentiel's lists
(natures of an oral communication, supports of a written one, months),
shared by the fiche model and its review workflow."""

SITUATION_STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("validated", "Validated"),
    ("to_rework", "Returned"),
]
# States in which the student may still edit the fiche.
EDITABLE_STATES = ("draft", "to_rework")
# Natures of an oral communication, as the référentiel words them (E4,
# printed p. 76); the keys are the codes of the matching oral tools.
ORAL_NATURES = [
    ("interpersonal", "Interpersonal communication"),
    ("group", "Group communication"),
    ("phone", "Telephone reception"),
    ("face", "Face-to-face reception"),
]
# Supports of a written communication: the référentiel wants them varied.
WRITTEN_SUPPORTS = [
    ("email", "E-mail"),
    ("letter", "Letter"),
    ("memo", "Internal memo"),
    ("report", "Report or minutes"),
    ("commercial", "Commercial document (offer, leaflet, catalogue)"),
    ("presentation", "Slide presentation"),
    ("publication", "Web or social network publication"),
    ("form", "Form or survey"),
    ("other", "Other support"),
]
MONTHS = [
    ("1", "January"),
    ("2", "February"),
    ("3", "March"),
    ("4", "April"),
    ("5", "May"),
    ("6", "June"),
    ("7", "July"),
    ("8", "August"),
    ("9", "September"),
    ("10", "October"),
    ("11", "November"),
    ("12", "December"),
]
