"""Pure Python rules of the E4 exam, importable without a database, and the
data builders (indicators, the evidence's display) that read the ORM through
the environment they are given."""
