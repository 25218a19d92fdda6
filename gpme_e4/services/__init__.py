"""The E4 exam's rules in plain Python (importable without a database), and
the functions the models hand their work to (taking the records as first
argument: prefill, guards, decisions, windows and prints)."""
