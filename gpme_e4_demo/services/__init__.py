"""The demo's plain data: the company's business plan, the students' fiches,
and the helpers both builders share."""
