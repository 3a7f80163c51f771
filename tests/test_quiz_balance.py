"""The shipped question sets cannot be gamed by guessing, and ask for more than recall.

Read from the fixture files, not the database: these are properties of the content as authored.
Each guessing strategy is scored only on the questions it applies to, and compared with the
expected score of a uniform random guess on those same questions.
"""

from itertools import combinations
from math import ceil

import pytest

from explainer.loading import FIXTURES, read_toml
from tests.test_content_loading import fact_confidence

SETS = ["the-proposals", "the-guarantors", "the-timeline", "what-neutrality-means"]
SKILLS = {"recall", "explain", "compare", "apply", "misconception"}
MARGIN = 0.10


def quiz(slug):
    return read_toml(FIXTURES / "quizzes" / f"{slug}.toml")


def of_kind(data, kind):
    return [q for q in data["questions"] if q["kind"] == kind]


def multiple_score(question, picked, *, partial):
    """As quizzes.scoring.score_answer does for a select-all question."""
    correct = {i for i, choice in enumerate(question["choices"]) if choice["correct"]}
    if picked == correct:
        return 1.0
    if not partial:
        return 0.0
    return max(0.0, (len(picked & correct) - len(picked - correct)) / len(correct))


def random_multiple_score(question, *, partial):
    """The expected score of ticking a uniformly random non-empty subset of the choices."""
    indexes = range(len(question["choices"]))
    subsets = [set(s) for size in indexes for s in combinations(indexes, size + 1)]
    return sum(multiple_score(question, s, partial=partial) for s in subsets) / len(subsets)


def pick_by_length_rank(question, rank):
    """Expected score of picking the choice at a length rank (0 = longest, -1 = shortest).

    Choices of equal length are picked between at random.
    """
    lengths = [len(choice["text"]) for choice in question["choices"]]
    target = sorted(lengths, reverse=True)[rank]
    tied = [c for c, length in zip(question["choices"], lengths, strict=True) if length == target]
    return sum(c["correct"] for c in tied) / len(tied)


def strategies(data):
    """Strategy name -> (its mean score, chance's mean score) on the questions it applies to."""
    partial = data.get("partial_credit", False)
    true_false = of_kind(data, "true_false")
    single = of_kind(data, "single")
    multiple = of_kind(data, "multiple")
    scores = {}
    if true_false:
        always_false = [next(c["correct"] for c in q["choices"] if c["text"] == "False")
                        for q in true_false]  # fmt: skip
        scores["always False"] = (mean(always_false), 0.5)
    if single:
        chance = mean([1 / len(q["choices"]) for q in single])
        for name, rank in (("longest", 0), ("second-longest", 1), ("shortest", -1)):
            scores[name] = (mean([pick_by_length_rank(q, rank) for q in single]), chance)
    if multiple:
        chance = mean([random_multiple_score(q, partial=partial) for q in multiple])
        every = [multiple_score(q, set(range(len(q["choices"]))), partial=partial)
                 for q in multiple]  # fmt: skip
        scores["select all"] = (mean(every), chance)
        scores["longer half"] = (mean([multiple_score(q, longer_half(q), partial=partial)
                                       for q in multiple]), chance)  # fmt: skip
    return scores


def longer_half(question):
    by_length = sorted(range(len(question["choices"])),
                       key=lambda i: -len(question["choices"][i]["text"]))  # fmt: skip
    return set(by_length[: ceil(len(by_length) / 2)])


def mean(values):
    return sum(values) / len(values)


def table(data):
    return "; ".join(f"{name} {score:.0%} vs chance {chance:.0%}"
                     for name, (score, chance) in strategies(data).items())  # fmt: skip


@pytest.mark.parametrize("slug", SETS)
def test_no_guessing_strategy_beats_chance_by_more_than_ten_points(slug):
    data = quiz(slug)
    scores = strategies(data)
    assert {"always False", "longest", "second-longest"} <= set(scores), table(data)
    for name, (score, chance) in scores.items():
        assert score <= chance + MARGIN, f"{slug}: {name} scores too well. {table(data)}"


@pytest.mark.parametrize("slug", SETS)
def test_true_false_keys_are_between_forty_and_sixty_percent_true(slug):
    true_false = of_kind(quiz(slug), "true_false")
    keys = [next(c["text"] for c in q["choices"] if c["correct"]) for q in true_false]
    share = keys.count("True") / len(keys)
    assert 0.4 <= share <= 0.6, f"{slug}: {keys.count('True')} of {len(keys)} keys are True"


@pytest.mark.parametrize("slug", SETS)
def test_select_all_questions_vary_in_how_many_choices_are_correct(slug):
    multiple = of_kind(quiz(slug), "multiple")
    counts = [sum(c["correct"] for c in q["choices"]) for q in multiple]
    assert len(multiple) < 2 or len(set(counts)) > 1, f"{slug}: correct choices {counts}"
    for question, count in zip(multiple, counts, strict=True):
        assert count < len(question["choices"]), question["prompt"]


@pytest.mark.parametrize("slug", SETS)
def test_at_least_thirty_percent_of_questions_ask_more_than_recall(slug):
    questions = quiz(slug)["questions"]
    skills = [q.get("skill") for q in questions]
    assert set(skills) <= SKILLS, f"{slug}: every question names its skill, one of {SKILLS}"
    higher = len(questions) - skills.count("recall")
    assert higher / len(questions) >= 0.3, f"{slug}: {higher} of {len(questions)} beyond recall"


@pytest.mark.parametrize("slug", SETS)
def test_every_wrong_choice_says_why_it_is_wrong(slug):
    for number, question in enumerate(quiz(slug)["questions"], start=1):
        wrong = [c for c in question.get("choices", []) if not c["correct"]]
        feedback = [c.get("feedback", "").strip() for c in wrong]
        assert all(feedback), f"{slug} question {number}: a wrong choice has no feedback"
        assert len(set(feedback)) == len(feedback), f"{slug} question {number}: repeated feedback"


def test_every_high_confidence_fact_of_sections_a_to_f_is_tested():
    questions = [q for slug in SETS for q in quiz(slug)["questions"]]
    tested = {fact for question in questions for fact in question["facts"]}
    wanted = {fact for fact, level in fact_confidence().items() if level == "H" and fact < "G"}
    assert wanted - tested == set()
    assert {"C3", "C6", "E2b"} <= wanted
    assert len(questions) >= 95
