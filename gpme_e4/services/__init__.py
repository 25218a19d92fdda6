"""Pure Python rules of the E4 exam, importable without a database."""
