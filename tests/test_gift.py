import pytest

from quizzes.interchange.gift import GiftError, parse_gift, to_gift


def question(kind, prompt, choices, **fields):
    """A neutral question dict with every field present, as parse_gift returns it."""
    base = {
        "kind": kind,
        "title": "",
        "prompt": prompt,
        "explanation": "",
        "choices": [
            {"text": text, "correct": correct, "feedback": feedback}
            for text, correct, feedback in choices
        ],
        "source": "",
        "section": "",
        "term": "",
        "event": "",
    }
    return base | fields


REPRESENTATIVE = [
    question(
        "single",
        "Which treaty sets out the rights and duties of neutral powers in a war on land?",
        [
            ("The Geneva Conventions of 1949", False, "They protect victims of war."),
            ("Hague Convention V of 1907", True, ""),
            ("The Act of Paris of 1815", False, "It concerned **Switzerland** only."),
        ],
        title="Hague V",
        explanation="Hague Convention V is the core text.\n\nSee *Article 1*.",
        source="hague-v-1907",
        section="what-neutrality-means",
        term="neutrality",
        event="hague-convention-v",
    ),
    question(
        "true_false",
        "Ukraine proposed eleven guarantor states.",
        [("True", True, "Yes: eleven."), ("False", False, "The list had eleven states.")],
        explanation="Early reports named only some of them.",
        source="the-page-2022-03-29",
    ),
    question(
        "true_false",
        "The talks were never suspended.",
        [("True", False, "They were suspended on 17 May."), ("False", True, "")],
        title="Talks",
    ),
    question(
        "true_false",
        "No feedback at all.",
        [("True", False, ""), ("False", True, "")],
    ),
    question(
        "multiple",
        "Which of these states were proposed as guarantors?\nSelect all that apply.",
        [
            ("The United Kingdom", True, "Named in every report."),
            ("Switzerland", False, ""),
            ("Turkey", True, ""),
            ("China", True, "Yes, as a permanent member of the Security Council."),
        ],
        title="Guarantors: who?",
        explanation="Five permanent members plus others.",
        section="guarantors",
        event="istanbul-talks",
    ),
    question(
        "single",
        "Special characters: ~ = # { } : and a backslash \\ and \\n and C:\\new\\",
        [
            ("a ~ b", True, "x = y # z"),
            ("{braces}", False, "line one\nline two"),
            ("::not a title::", False, "####not general feedback"),
            ("%50% off", False, ""),
            ("LaTeX \\(\\alpha \\neq \\beta\\)", False, "ends with a backslash \\"),
        ],
        title="Odd :: title {with} ~things~ = #",
        explanation="General feedback with ~ = # { } :\nand a second line \\",
        term="odd-characters",
    ),
    question(
        "multiple",
        "One right answer is still a multiple-correct question.",
        [("Right", True, ""), ("Wrong", False, ""), ("%100% wrong", False, "")],
    ),
    question(
        "single",
        "[html] looks like a format but is text",
        [("%100% is the text", True, ""), ("Other", False, "")],
    ),
]


def test_round_trip_keeps_every_supported_field():
    questions, errors = parse_gift(to_gift(REPRESENTATIVE))
    assert errors == []
    assert questions == REPRESENTATIVE


def test_round_trip_of_multiple_correct_keeps_flags_for_any_number_of_right_answers():
    for right in range(1, 10):
        choices = [(f"right {i}", True, "") for i in range(right)] + [("wrong", False, "")]
        original = [question("multiple", "Pick all.", choices)]
        assert parse_gift(to_gift(original)) == (original, [])


def test_export_writes_metadata_comments_markdown_prefix_and_one_answer_per_line():
    exported = to_gift([REPRESENTATIVE[0]])
    assert exported == (
        "// source: hague-v-1907\n"
        "// section: what-neutrality-means\n"
        "// term: neutrality\n"
        "// event: hague-convention-v\n"
        "::Hague V::[markdown]Which treaty sets out the rights and duties of neutral powers"
        " in a war on land? {\n"
        "~The Geneva Conventions of 1949#They protect victims of war.\n"
        "=Hague Convention V of 1907\n"
        "~The Act of Paris of 1815#It concerned **Switzerland** only.\n"
        "####Hague Convention V is the core text.\\n\\nSee *Article 1*.\n"
        "}\n"
    )


def test_export_separates_questions_with_one_blank_line_and_skips_empty_metadata():
    exported = to_gift([REPRESENTATIVE[3], REPRESENTATIVE[3]])
    block = "[markdown]No feedback at all. {\nFALSE\n}\n"
    assert exported == block + "\n" + block
    assert to_gift([]) == ""


def test_export_weights_multiple_correct_to_sum_to_100_and_wrong_to_minus_100():
    exported = to_gift(
        [question("multiple", "Q", [("a", True, ""), ("b", True, ""), ("c", True, "")])]
    )
    assert exported.count("~%33.33333%") == 3
    halves = to_gift([question("multiple", "Q", [("a", True, ""), ("b", False, "f")])])
    assert "~%100%a\n~%-100%b#f\n" in halves
    quarters = to_gift([question("multiple", "Q", [(str(i), True, "") for i in range(4)])])
    assert quarters.count("~%25%") == 4


def test_export_escapes_special_characters_and_newlines():
    exported = to_gift([question("single", "a ~ b = c # d { e } f : g\nh", [("=", True, "")])])
    assert "[markdown]a \\~ b \\= c \\# d \\{ e \\} f \\: g\\nh {" in exported
    assert "=\\=\n" in exported


def test_export_doubles_only_backslashes_that_would_read_as_escapes():
    exported = to_gift([question("single", "\\alpha \\neq \\{ \\", [("x", True, "")])])
    assert "[markdown]\\alpha \\\\neq \\\\\\{ \\\\ {" in exported


def test_true_false_export_puts_the_wrong_answer_feedback_first():
    true_right = question("true_false", "Q", [("True", True, "right"), ("False", False, "wrong")])
    false_right = question("true_false", "Q", [("True", False, "wrong"), ("False", True, "right")])
    only_right = question("true_false", "Q", [("True", True, "right"), ("False", False, "")])
    assert "\nTRUE#wrong#right\n" in to_gift([true_right])
    assert "\nFALSE#wrong#right\n" in to_gift([false_right])
    assert "\nTRUE##right\n" in to_gift([only_right])


@pytest.mark.parametrize(
    ("answer", "correct", "true_feedback", "false_feedback"),
    [
        ("T#shown when wrong#shown when right", True, "shown when right", "shown when wrong"),
        ("TRUE#shown when wrong#shown when right", True, "shown when right", "shown when wrong"),
        ("F#shown when wrong#shown when right", False, "shown when wrong", "shown when right"),
        ("FALSE#shown when wrong#shown when right", False, "shown when wrong", "shown when right"),
        ("T#only wrong", True, "", "only wrong"),
        ("false", False, "", ""),
    ],
)
def test_true_false_feedback_follows_moodle(answer, correct, true_feedback, false_feedback):
    questions, errors = parse_gift(f"Is it? {{{answer}}}")
    assert errors == []
    assert questions[0]["kind"] == "true_false"
    assert questions[0]["choices"] == [
        {"text": "True", "correct": correct, "feedback": true_feedback},
        {"text": "False", "correct": not correct, "feedback": false_feedback},
    ]


MOODLE_SAMPLE = """\
// question: 0  name: Switch category to $course$/top/Neutrality
$CATEGORY: $course$/top/Neutrality

// A file exported from Moodle and edited by hand.
// question: 101  name: Guarantors
// source: reuters-2022-03-29
// section: istanbul-proposals
::Guarantors::[html]Which <b>two</b> states
were named as guarantors?{
\t~%50%The United Kingdom#Correct.
\t~%50%Turkey#Correct.
\t~%-100%Switzerland#No\\: Switzerland is itself neutral.
\t####Reuters named four states at first.
}

// question: 102  name: Grant's tomb
::Grant's tomb::Grant is buried in Grant's tomb.{FALSE#No one is buried there.#Right\\!}

Who's buried in Grant's tomb?{~Grant ~Jefferson =no one#Right, nobody is.}

// term: referendum
[moodle]Zelensky promised a {=referendum ~ceasefire ~election} on any deal.

::Escapes::What is 2 \\= 2 \\{or 3\\}? {=2 \\= 2#\\#1 ~3}

The sun rises in the east.{T}
"""


def test_parses_a_moodle_style_file():
    questions, errors = parse_gift(MOODLE_SAMPLE.replace("\n", "\r\n"))
    assert errors == []
    assert questions == [
        question(
            "multiple",
            "Which <b>two</b> states\nwere named as guarantors?",
            [
                ("The United Kingdom", True, "Correct."),
                ("Turkey", True, "Correct."),
                ("Switzerland", False, "No: Switzerland is itself neutral."),
            ],
            title="Guarantors",
            explanation="Reuters named four states at first.",
            source="reuters-2022-03-29",
            section="istanbul-proposals",
        ),
        question(
            "true_false",
            "Grant is buried in Grant's tomb.",
            [("True", False, "No one is buried there."), ("False", True, "Right\\!")],
            title="Grant's tomb",
        ),
        question(
            "single",
            "Who's buried in Grant's tomb?",
            [("Grant", False, ""), ("Jefferson", False, ""), ("no one", True, "Right, nobody is.")],
        ),
        question(
            "single",
            "Zelensky promised a _____ on any deal.",
            [("referendum", True, ""), ("ceasefire", False, ""), ("election", False, "")],
            term="referendum",
        ),
        question(
            "single",
            "What is 2 = 2 {or 3}?",
            [("2 = 2", True, "#1"), ("3", False, "")],
            title="Escapes",
        ),
        question(
            "true_false", "The sun rises in the east.", [("True", True, ""), ("False", False, "")]
        ),
    ]


def test_old_mac_newlines_and_byte_order_mark_are_accepted():
    questions, errors = parse_gift("\ufeffFirst? {T}\r\rSecond? {F}\r")
    assert errors == []
    assert [q["prompt"] for q in questions] == ["First?", "Second?"]


def test_metadata_comment_must_sit_directly_above_its_question():
    text = "// source: detached\n\nQ1 {T}\n\n// event: attached\n// ordinary comment\nQ2 {T}\n"
    questions, errors = parse_gift(text)
    assert errors == []
    assert [(q["source"], q["event"]) for q in questions] == [("", ""), ("", "attached")]


def test_lines_are_numbered_from_the_question_text_not_its_comments():
    _, errors = parse_gift("// source: x\n\n// section: y\nNo answers here\n")
    assert errors == [GiftError(4, "Question 1 has no answers: add them between { and }.")]


def error_for(text):
    """The one error parse_gift reports for text, as (line, message)."""
    questions, errors = parse_gift(text)
    assert questions == []
    assert len(errors) == 1, errors
    return errors[0].line, errors[0].message


GOOD = "Good? {T}\n\n"  # Two lines, so a bad question after it starts on line 3.


@pytest.mark.parametrize(
    ("bad", "line", "message"),
    [
        ("How much? {#many}", 3, "Question 2 has a numerical answer that is not a number"),
        ("How much? {#5..1}", 3, "Question 2 has a range whose start is above its end"),
        ("How much? {#5 ~#No}", 3, "Question 2 has a ~ answer in a numerical question"),
        ("Match {\n=a -> 1\n=b\n}", 5, "Question 2 has a matching pair without an answer"),
        ("Match {\n=a -> 1#fb\n=b -> 2\n}", 4, "Question 2 gives a matching pair a weight"),
        ("Name it {=Kyiv =%150%Kiev}", 3, "Question 2 has an answer weight over 100%"),
        ("Write an essay {}", 3, "Question 2 is an essay question"),
        ("Write an essay {\n}", 3, "Question 2 is an essay question"),
        ("Just a description.", 3, "Question 2 has no answers"),
        ("Unclosed\n{=a\n~b", 4, "Question 2 has a { that is never closed"),
        ("Stray } brace\n{=a ~b}", 3, "Question 2 has a } with no {"),
        ("Nested {=a\n{~b}", 4, "Question 2 has a { inside or after its answer block"),
        ("Two {=a ~b} blocks {=c ~d}", 3, "Question 2 has a { inside or after its answer block"),
        ("Two right {\n=a\n~b\n=c\n}", 6, "Question 2 has more than one answer marked with ="),
        ("No right {\n~a\n~b\n}", 3, "Question 2 has no correct answer"),
        ("All negative {~%-50%a ~%-50%b ~%0%c}", 3, "Question 2 has no correct answer"),
        ("{=a ~b}", 3, "Question 2 has no question text."),
        ("::Title only::{=a ~b}", 3, "Question 2 has no question text."),
        ("[markdown] {=a ~b}", 3, "Question 2 has no question text."),
        ("Empty answer {\n=a\n~#feedback only\n}", 5, "Question 2 has an answer with no text."),
        ("Empty answer {=a ~%50%}", 3, "Question 2 has an answer with no text."),
        ("::Unclosed title {=a ~b}", 3, "Question 2 has a title that starts with ::"),
        ("Two full {\n=a\n~%100%b\n}", 5, "Question 2 gives a ~ answer full credit"),
        ("Bad weight {\n~%half%a\n~%50%b\n}", 4, "Question 2 has an answer weight that is not"),
        ("Lonely {~%100%a}", 3, "Question 2 needs at least two answers."),
        ("Text first {oops =a ~b}", 3, "Question 2 has text inside { } before its first"),
        ("Unknown {maybe}", 3, "Question 2 has answers that are not marked with =, ~, T or F."),
    ],
)
def test_each_error_names_the_question_and_line(bad, line, message):
    questions, errors = parse_gift(GOOD + bad)
    assert len(questions) == 1
    assert len(errors) == 1, errors
    assert errors[0].line == line
    assert errors[0].message.startswith(message)


def test_bad_questions_do_not_stop_the_others():
    text = "One {T}\n\nTwo {}\n\nThree {~a ~b}\n\nFour {=a ~b}\n\nFive {\n=a\n"
    questions, errors = parse_gift(text)
    assert [q["prompt"] for q in questions] == ["One", "Four"]
    assert [(error.line, error.message.split(" ")[1]) for error in errors] == [
        (3, "2"),
        (5, "3"),
        (9, "5"),
    ]


def test_escaped_braces_and_markers_are_text_not_syntax():
    questions, errors = parse_gift("Is \\{x\\} \\~ \\= \\# \\: fine? {\n=yes \\~ \\{ok\\}\n~no\n}")
    assert errors == []
    assert questions[0]["prompt"] == "Is {x} ~ = # : fine?"
    assert questions[0]["choices"][0]["text"] == "yes ~ {ok}"


def test_escaped_newline_and_backslash():
    questions, errors = parse_gift("Line one\\nline two \\\\n \\alpha {T}")
    assert errors == []
    assert questions[0]["prompt"] == "Line one\nline two \\n \\alpha"


def test_multiline_question_text_keeps_its_line_breaks():
    questions, errors = parse_gift("First line,\n// an aside\n  second line. {=a ~b}")
    assert errors == []
    assert questions[0]["prompt"] == "First line,\n  second line."


def test_general_feedback_is_the_text_after_the_last_four_hashes():
    questions, errors = parse_gift("Q {=a#fa ~b####General.}")
    assert errors == []
    assert questions[0]["explanation"] == "General."
    assert questions[0]["choices"][0]["feedback"] == "fa"


def test_format_prefixes_are_stripped_from_answers_and_feedback():
    questions, errors = parse_gift("[plain]Q {=[html]<i>a</i>#[markdown]*fb* ~b####[html]gf}")
    assert errors == []
    assert questions[0]["prompt"] == "Q"
    assert questions[0]["choices"][0] == {"text": "<i>a</i>", "correct": True, "feedback": "*fb*"}
    assert questions[0]["explanation"] == "gf"


def test_weighted_answers_are_correct_only_when_the_weight_is_positive():
    questions, errors = parse_gift("Q {~%33.33333%a ~%66.66667%b ~%0%c ~%-100%d ~e}")
    assert errors == []
    assert questions[0]["kind"] == "multiple"
    assert [c["correct"] for c in questions[0]["choices"]] == [True, True, False, False, False]


def test_single_choice_may_carry_negative_weights_on_wrong_answers():
    questions, errors = parse_gift("Q {=a ~%-50%b}")
    assert errors == []
    assert questions[0]["kind"] == "single"
    assert [c["correct"] for c in questions[0]["choices"]] == [True, False]


@pytest.mark.parametrize(
    "text", ["{", "}", "::", "::a", "{#}", "\\", "~", "=", "####", "{T", "::a::{", "{{}}", "%%"]
)
def test_garbage_gives_errors_and_never_raises(text):
    questions, errors = parse_gift(text)
    assert questions == []
    assert errors
    assert all(error.line == 1 and error.message.startswith("Question 1 ") for error in errors)


def test_empty_and_comment_only_input_gives_nothing():
    assert parse_gift("") == ([], [])
    assert parse_gift("// just a comment\n\n$CATEGORY: top\n\n   \n") == ([], [])
