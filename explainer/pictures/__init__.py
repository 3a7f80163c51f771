"""Pictures drawn on the server from the explainer's data: SVG laid out in Python, written out by
templates (which escape every text), each with a text alternative beside it."""
