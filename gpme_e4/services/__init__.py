"""The E4 exam's rules in plain Python (importable without a database), the
functions the models hand their work to (taking the records as first
argument: prefill, guards, decisions, windows and prints), and the data
builders (indicators, the evidence's display) that read the ORM through the
environment they are given."""
