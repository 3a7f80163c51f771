"""Classes: a teacher's assignment of a set, joined by students with a code.

- ``joining``: finding an assignment by its code, and the limit on wrong codes.
- ``forms``: the join form a student fills in.
- ``views``: ``/join/``.
- ``analysis``: an assignment's results per student, per question (item analysis) and per section.
- ``formatting``: how answers and shares are written in results pages and CSV files.
"""
