"""Classes: a teacher's assignment of a set, joined by students with a code.

- ``joining``: finding an assignment by its code, and the limit on wrong codes.
- ``forms``: the join form a student fills in.
- ``views``: ``/join/``.
- ``analysis``: an assignment's results per student, per question (item analysis) and per section.
- ``formatting``: how answers and shares are written in results pages and CSV files.
- ``live``: running a class from the teacher's screen: starting it, moving it on, ending it.
- ``progress``: what the class screen shows while students work, and its cheap version check.
- ``teacher_views``: the teacher's pages under ``/teach/``.
- ``student_live``: a student's device in a teacher-paced class, and what its waiting page polls.
"""
