"""Question-writing checks: each rule trips on a set that breaks it and stays quiet on one that
does not; the warnings reach the set's admin page and `manage.py check_sets`."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quizzes.models import Choice, QuestionSet
from quizzes.quality import question_set_warnings
from tests.factories import logged_in, make_question_set, make_teacher

pytestmark = pytest.mark.django_db


def question(question_set, number):
    return question_set.questions.all()[number - 1]


def key_false(question_set, number):
    """Turn a true/false question's answer from True to False."""
    first, second = question(question_set, number).choices.all()
    Choice.objects.filter(pk=first.pk).update(is_correct=False, feedback="No.")
    Choice.objects.filter(pk=second.pk).update(is_correct=True, feedback="")


def rewrite(question_set, number, choice_number, **fields):
    Choice.objects.filter(
        pk=question(question_set, number).choices.all()[choice_number - 1].pk
    ).update(**fields)


def test_a_set_built_by_the_factory_has_no_warnings():
    question_set = make_question_set(questions=8, kinds=("single", "multiple", "ordering"))
    assert question_set_warnings(question_set) == []


@pytest.mark.parametrize(
    ("keyed_true", "warned"), [(0, True), (1, False), (2, False), (3, False), (4, True)]
)
def test_true_false_keys_lopsided_beyond_one_question_of_slack_are_warned(keyed_true, warned):
    question_set = make_question_set(questions=4, kinds=("true_false",))
    for number in range(keyed_true + 1, 5):
        key_false(question_set, number)
    warnings = question_set_warnings(question_set)
    assert bool(warnings) == warned
    if warned:
        answer = "True" if keyed_true else "False"
        assert warnings == [
            f"4 of the 4 true/false questions have the answer “{answer}”: a student who always "
            f"answers “{answer}” scores 100% on them. Aim for between 1 and 3 of each."
        ]


def test_three_true_false_questions_all_true_are_too_few_to_judge():
    assert question_set_warnings(make_question_set(questions=3, kinds=("true_false",))) == []


@pytest.mark.parametrize(
    ("word", "text"), [("longest", "The correct choice, at length"), ("shortest", "C")]
)
def test_a_key_that_is_the_longest_or_shortest_four_times_in_five_is_warned(word, text):
    question_set = make_question_set(questions=5)
    for number in (1, 2, 3, 5):
        rewrite(question_set, number, 1, text=text)
    [warning] = question_set_warnings(question_set)
    assert warning.startswith(
        f"The correct choice is the {word} in 4 of the 5 single-choice questions, where chance "
        "would make it about 1.2"
    )
    assert "question 5 (“Prompt 5 (single)”)" in warning
    assert "question 4 " not in warning


def test_a_longest_key_three_times_in_five_is_within_chance():
    question_set = make_question_set(questions=5)
    for number in (1, 2, 3):
        rewrite(question_set, number, 1, text="The correct choice, at length")
    assert question_set_warnings(question_set) == []


def test_a_key_tied_for_longest_does_not_count_as_the_longest():
    question_set = make_question_set(questions=5)
    for number in range(1, 6):
        rewrite(question_set, number, 1, text="Equal length A")
        rewrite(question_set, number, 2, text="Equal length B")
    assert question_set_warnings(question_set) == []


@pytest.mark.parametrize(
    ("text", "warned"),
    [
        ("All of the above", True),
        ("none of these.", True),
        ("All the above", True),
        ("None of these states joined NATO", False),
        ("Above all, the guarantors", False),
    ],
)
def test_all_or_none_of_the_above_as_a_choice_is_warned(text, warned):
    question_set = make_question_set(questions=2)
    rewrite(question_set, 2, 4, text=text)
    warnings = question_set_warnings(question_set)
    assert bool(warnings) == warned
    if warned:
        assert warnings[0].startswith(f"Question 2 (“Prompt 2 (single)”) has the choice “{text}”")


@pytest.mark.parametrize(
    ("prompt", "negatives"),
    [
        ("Which of these states is not neutral?", "“not”"),
        ("All of these are guarantors except which?", "“except”"),
        ("Which state isn't neutral, and which never was?", "“isn't”, “never”"),
        ("Which state isn’t neutral?", "“isn’t”"),
        ("Which of these states is **not** neutral?", None),
        ("Which of these states is _not_ neutral?", None),
        ("Which of these states is NOT neutral?", None),
        ("*All except one* are guarantors: which is the odd one out?", None),
        ("Which states are neutral? Nothing else is notable.", None),
    ],
)
def test_a_negative_prompt_without_emphasis_is_warned(prompt, negatives):
    question_set = make_question_set(questions=1)
    question_set.questions.update(prompt=prompt)
    warnings = question_set_warnings(question_set)
    if negatives is None:
        assert warnings == []
    else:
        [warning] = warnings
        assert warning.startswith("Question 1 (“")
        assert f"asks in the negative ({negatives}) without emphasis" in warning


def test_two_choices_that_differ_only_in_case_and_spaces_are_warned():
    question_set = make_question_set(questions=1)
    rewrite(question_set, 1, 3, text="  choice   2 ")
    assert question_set_warnings(question_set) == [
        "Question 1 (“Prompt 1 (single)”) has 2 choices that read “Choice 2”: students cannot "
        "tell them apart."
    ]


def test_a_wrong_choice_without_feedback_is_warned_and_a_right_one_is_not():
    question_set = make_question_set(questions=2, kinds=("multiple",))
    rewrite(question_set, 2, 2, feedback="  ")
    rewrite(question_set, 1, 1, feedback="")
    assert question_set_warnings(question_set) == [
        "Question 2 (“Prompt 2 (multiple)”): the wrong choice “Choice 2” has no feedback. "
        "A student who picks it learns only that it is wrong; say why."
    ]


def test_choices_not_shuffled_are_warned_only_where_there_are_choices_to_shuffle():
    with_choices = make_question_set(questions=2, kinds=("true_false", "single"))
    with_choices.shuffle_choices = False
    without = make_question_set(questions=2, kinds=("true_false", "ordering"))
    without.shuffle_choices = False
    [warning] = question_set_warnings(with_choices)
    assert warning.startswith("“Shuffle choices” is off")
    assert question_set_warnings(without) == []


def test_a_long_prompt_is_named_by_its_first_words():
    question_set = make_question_set(questions=1)
    question_set.questions.update(prompt="Which of these " + "very " * 20 + "long things is not?")
    [warning] = question_set_warnings(question_set)
    assert warning.startswith("Question 1 (“Which of these very very")
    assert "very…”)" in warning


def queries_for(size):
    question_set = make_question_set(
        questions=size, kinds=("single", "multiple", "true_false", "ordering")
    )
    with CaptureQueriesContext(connection) as queries:
        question_set_warnings(question_set)
    return len(queries)


def test_the_checks_run_in_the_same_queries_for_5_and_50_questions():
    assert queries_for(5) == queries_for(50) == 2


@pytest.fixture
def owner():
    return make_teacher("owner")


def change_page(user, question_set):
    response = logged_in(user).get(f"/admin/quizzes/questionset/{question_set.pk}/change/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_owner_sees_the_warnings_on_the_sets_admin_page_and_can_still_save(owner):
    question_set = make_question_set(questions=2, owner=owner, shuffle_choices=False)
    rewrite(question_set, 2, 3, feedback="")
    body = change_page(owner, question_set)
    assert "Question-writing checks" in body
    assert "“Shuffle choices” is off" in body
    assert "Question 2 (“Prompt 2 (single)”): the wrong choice “Choice 3” has no feedback" in body
    assert "No warnings." not in body
    data = {
        "title_en": "Renamed",
        "slug": question_set.slug,
        "topic_en": question_set.topic,
        "description_en": question_set.description,
        "is_published": "on",
        "questions-TOTAL_FORMS": 2,
        "questions-INITIAL_FORMS": 2,
    }
    for i, saved in enumerate(question_set.questions.all()):
        data[f"questions-{i}-id"] = saved.pk
        data[f"questions-{i}-question_set"] = question_set.pk
    response = logged_in(owner).post(f"/admin/quizzes/questionset/{question_set.pk}/change/", data)
    assert response.status_code == 302
    assert QuestionSet.objects.get(pk=question_set.pk).title == "Renamed"


def test_a_set_without_problems_says_no_warnings(owner):
    body = change_page(owner, make_question_set(questions=2, owner=owner))
    assert "Question-writing checks" in body
    assert "No warnings." in body


def test_a_teacher_reading_a_shared_set_sees_its_warnings(owner):
    shared = make_question_set(questions=2, shuffle_choices=False)
    body = change_page(owner, shared)
    assert 'name="title"' not in body  # read-only: the set is not theirs
    assert "“Shuffle choices” is off" in body


def test_the_add_page_has_no_checks_to_show(owner):
    response = logged_in(owner).get("/admin/quizzes/questionset/add/")
    assert response.status_code == 200
    assert "Question-writing checks" not in response.content.decode()


def run_check_sets(*args):
    """The command's output and exit status, as the shell would see them."""
    out = StringIO()
    try:
        call_command("check_sets", *args, stdout=out)
    except CommandError as error:
        return out.getvalue(), error.returncode, str(error)
    return out.getvalue(), 0, ""


def test_check_sets_exits_1_and_prints_the_warnings_of_a_set_with_problems():
    question_set = make_question_set(questions=2, shuffle_choices=False, slug="unshuffled")
    out, status, error = run_check_sets("unshuffled")
    assert status == 1
    assert out.startswith(f"unshuffled ({question_set.title}):\n  - “Shuffle choices” is off")
    assert error == "Warnings in 1 of 1 set."


def test_check_sets_with_warn_only_prints_the_warnings_and_exits_0():
    make_question_set(questions=2, shuffle_choices=False, slug="unshuffled")
    out, status, _ = run_check_sets("unshuffled", "--warn-only")
    assert status == 0
    assert "“Shuffle choices” is off" in out
    assert out.endswith("Warnings in 1 of 1 set.\n")


def test_check_sets_checks_every_published_set_by_default_and_exits_0_when_all_pass():
    QuestionSet.objects.update(is_published=False)
    make_question_set(questions=2, slug="clean-a")
    make_question_set(questions=2, slug="clean-b")
    make_question_set(questions=2, slug="draft", published=False, shuffle_choices=False)
    assert run_check_sets() == ("No warnings in 2 sets.\n", 0, "")
    assert run_check_sets("draft")[1] == 1


def test_check_sets_exits_2_for_a_slug_that_names_no_set():
    make_question_set(questions=1, slug="real")
    out, status, error = run_check_sets("real", "imaginary")
    assert (out, status) == ("", 2)
    assert error == "No question set with the slug imaginary."
