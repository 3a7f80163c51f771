"""Question sets in and out of the site: the same data in every format.

- ``sets``: a set as plain data (the shape of the TOML fixtures and the JSON export), checked and
  built into rows, or made from rows; duplicating a set.
- ``gift``: Moodle's GIFT format, read and written.
- ``upload``: a teacher's uploaded file (JSON or GIFT), read once and checked, then saved.
- ``fixtures``: the shipped sets in ``fixtures/quizzes/``, loaded by ``manage.py load_content``.
"""
