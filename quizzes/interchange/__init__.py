"""Question sets in and out of the site: the same data in every format.

- ``checks``: a set's plain data checked and built into unsaved rows in one pass, every problem
  (``Problem``) named by set, question, field or line; the explainer rows it links to, fetched once.
- ``sets``: a set as plain data (the shape of the TOML fixtures and the JSON export) made from
  rows, or saved from its checked rows; duplicating a set.
- ``gift``: Moodle's GIFT format, read and written.
- ``upload``: a teacher's uploaded file (JSON or GIFT), read once and checked, then saved.
- ``fixtures``: the shipped sets in ``fixtures/quizzes/``, loaded by ``manage.py load_content``.
"""
