"""The quizzes' pages in Django's admin, one module per admin; importing them registers them.

- ``question_sets``: sets, with preview, duplicate, import and export.
- ``questions``: a question with its choices.
- ``attempts``: students' attempts, read-only.
- ``assignments``: classes' assignments and their results, with CSV.
"""

from quizzes.admin import assignments, attempts, question_sets, questions  # noqa: F401
