"""Contested claims: attributed, shown side by side with the other accounts of the same question,
and never a quiz's correct answer except in a question that asks who claimed what."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from explainer.loading import FIXTURES, read_toml
from explainer.models import Claim, Source
from tests.test_content_loading import FACTS, fact_confidence
from tests.test_quiz_content import quiz_files

pytestmark = pytest.mark.django_db


def fixture_claims() -> list[dict]:
    return read_toml(FIXTURES / "explainer" / "claims.toml")["claims"]


def attributed_facts() -> set[str]:
    """Facts whose confidence is "H (that he said it)" or "H (that he described it)": what is
    established is that someone said it, not what they said."""
    row = r"^\| ([A-H]\d+[a-z]?) \| .* \| H \(that [^)|]*\) \|"
    return set(re.findall(row, FACTS.read_text(), re.M))


def claim_problems(questions: list[dict], claims: list[dict], attributed: set[str]) -> list[str]:
    """Every question whose key rests on a contested claim, or on an attributed fact, without
    saying which claim it asks about."""
    by_slug = {claim["slug"]: claim for claim in claims}
    contested = {f for claim in claims if claim["status"] == "contested" for f in claim["facts"]}
    problems = []
    for number, question in enumerate(questions, start=1):
        facts = set(question["facts"])
        about = question.get("about_claim", "")
        if about:
            if about not in by_slug:
                problems.append(f"question {number}: no claim {about!r}")
            elif not facts & set(by_slug[about]["facts"]):
                problems.append(f"question {number}: cites none of {about!r}'s facts")
            continue
        key_is_true = question["kind"] != "true_false" or any(
            choice["correct"] and choice["text"] == "True" for choice in question["choices"]
        )
        if key_is_true and facts & contested:
            problems.append(f"question {number}: its key rests on contested {facts & contested}")
        if facts & attributed:
            problems.append(f"question {number}: cites {facts & attributed} without about_claim")
    return problems


def test_the_fact_sheet_marks_who_said_what():
    assert attributed_facts() == {"H5", "H6", "H19"}


def test_no_quiz_key_rests_on_a_contested_claim_unless_it_asks_who_claimed_it():
    claims, attributed = fixture_claims(), attributed_facts()
    for slug, data in quiz_files().items():
        assert claim_problems(data["questions"], claims, attributed) == [], slug


def test_the_rule_catches_a_contested_claim_given_as_a_correct_answer():
    contested = {"slug": "c", "status": "contested", "facts": ["H6"]}
    established = {"slug": "e", "status": "established", "facts": ["B5"]}
    single = {"kind": "single", "facts": ["H6"], "choices": [{"text": "x", "correct": True}]}
    false_key = {
        "kind": "true_false",
        "facts": ["H7"],
        "choices": [{"text": "True", "correct": False}, {"text": "False", "correct": True}],
    }
    true_key = {**false_key, "choices": [{"text": "True", "correct": True}]}
    on_established = {**single, "facts": ["B5"]}
    claims = [contested, established, {**contested, "slug": "d", "facts": ["H7"]}]
    assert len(claim_problems([single], claims, {"H6"})) == 2
    assert claim_problems([{**single, "about_claim": "c"}], claims, {"H6"}) == []
    assert claim_problems([{**single, "about_claim": "e"}], claims, {"H6"}) != []
    assert claim_problems([{**single, "about_claim": "nope"}], claims, {"H6"}) != []
    assert claim_problems([true_key], claims, set()) != []
    assert claim_problems([false_key, on_established], claims, set()) == []


def test_claim_rows_come_from_the_fixture_and_rest_on_known_facts():
    known = fact_confidence()
    entries = fixture_claims()
    rows = {claim.slug: claim for claim in Claim.objects.select_related("source", "section")}
    assert set(rows) == {entry["slug"] for entry in entries}
    for entry in entries:
        claim = rows[entry["slug"]]
        assert (claim.speaker, claim.status, claim.section.slug, claim.source.key) == (
            entry["speaker"], entry["status"], entry["section"], entry["source"],
        )  # fmt: skip
        assert claim.date == date.fromisoformat(entry["date"])
        assert claim.facts and all(fact in known for fact in claim.facts), claim.slug


def test_claims_on_one_topic_ask_the_same_question():
    questions = {}
    for claim in fixture_claims():
        assert questions.setdefault(claim["topic"], claim["question"]) == claim["question"]


def test_contested_accounts_stand_side_by_side_with_their_attribution_and_label(client):
    body = client.get(reverse("explainer:section", args=["looking-back"])).content.decode()
    topics = Claim.objects.filter(section__slug="looking-back").values_list("topic", flat=True)
    for topic in set(topics):
        claims = list(Claim.objects.filter(topic=topic).select_related("source"))
        start = body.index(f'<section class="accounts" aria-labelledby="question-{topic}">')
        group = body[start : body.index("</section>", start)]
        assert f'<h3 id="question-{topic}">{escape(claims[0].question)}</h3>' in group
        contested = any(claim.status == Claim.Status.CONTESTED for claim in claims)
        assert ("<strong>Contested: accounts differ.</strong>" in group) == contested
        assert ("<strong>Established:</strong>" in group) == (not contested)
        for claim in claims:
            assert f"<strong>{escape(claim.speaker)}</strong>" in group
            assert f'<time datetime="{claim.date:%Y-%m-%d}">{claim.date_label}</time>' in group
            assert f'href="{claim.source.get_absolute_url()}"' in group


def test_the_johnson_dispute_shows_every_side(client):
    body = client.get(reverse("explainer:section", args=["looking-back"])).content.decode()
    start = body.index('aria-labelledby="question-johnson-role"')
    group = body[start : body.index("</section>", start)]
    for slug in ["arakhamia-johnson", "johnson-denial", "arakhamia-clarification",
                 "charap-radchenko-western-role"]:  # fmt: skip
        assert f'id="claim-{slug}"' in group
    assert "total nonsense and Russian propaganda" in group


def test_sections_without_claims_show_no_accounts(client):
    body = client.get(reverse("explainer:section", args=["guarantors"])).content.decode()
    assert 'class="accounts"' not in body and "Who says what" not in body


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_claims_page_stays_within_its_query_budget_as_claims_grow(client):
    url = reverse("explainer:section", args=["looking-back"])
    before = _queries(client, url)
    assert before <= 6
    claim = Claim.objects.first()
    source = Source.objects.exclude(pk=claim.source_id).first()
    for i in range(10):
        Claim.objects.create(
            slug=f"extra-{i}", topic=f"extra-topic-{i % 3}", question="Another question?",
            speaker=f"Speaker {i}", date=date(2024, 1, 1), source=source, paraphrase="p",
            status=Claim.Status.CONTESTED, section=claim.section, facts=["H6"],
        )  # fmt: skip
    assert _queries(client, url) == before
