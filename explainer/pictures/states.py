"""The neutral states at a glance: what each rests on, what it bars, and whether it held after 2022.

The neutral-state rows say these things in sentences; the picture needs them as values, kept here
beside the facts they come from. Permanent neutrality bars alliances and foreign bases (E3).
"""

from dataclasses import dataclass

from django.utils.text import get_text_list
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from explainer.models import NeutralState


@dataclass(frozen=True)
class Standing:
    basis: str  # what the neutrality rests on, in one or two words
    no_alliances: bool
    no_bases: bool
    holds_after_2022: bool
    facts: tuple[str, ...]


# What a neutrality rests on, in a word or two: a cell of the picture, about 110 pixels wide.
TREATY = pgettext_lazy("what a neutrality rests on", "treaty")
LAW = pgettext_lazy("what a neutrality rests on", "law")
POLICY = pgettext_lazy("what a neutrality rests on", "policy")
CONSTITUTION = pgettext_lazy("what a neutrality rests on", "constitution")
STANDINGS = {
    "switzerland": Standing(TREATY, True, True, True, ("E3", "E5")),
    "austria": Standing(LAW, True, True, True, ("E6",)),
    "finland": Standing(POLICY, False, False, False, ("E4", "E7")),
    "sweden": Standing(POLICY, False, False, False, ("E4", "E8")),
    "ireland": Standing(POLICY, False, False, True, ("E4", "E9")),
    "malta": Standing(CONSTITUTION, True, True, True, ("E10",)),
    "moldova": Standing(CONSTITUTION, True, True, True, ("E3", "E11")),
    "turkmenistan": Standing(
        pgettext_lazy("what a neutrality rests on", "UN resolution"),
        True,
        True,
        True,
        ("E3", "E12"),
    ),
    "costa-rica": Standing(
        pgettext_lazy("what a neutrality rests on", "proclamation"), True, True, True, ("E3", "E13")
    ),
}
# Ukraine's offer of 29 March 2022 (A4, A6); the talks stopped in May (B4), and in September
# Ukraine applied to join NATO (B7).
UKRAINE_2022 = Standing(
    pgettext_lazy("what a neutrality rests on", "proposed treaty"),
    True,
    True,
    False,
    ("A4", "A6", "B4", "B7"),
)

WIDTH = 360
ROW = 30
TOP = 64
# (x of the column, its heading, a line each); the first is left-aligned. The yes/no columns are
# about 50 pixels apart: a line of a heading holds a word of about nine letters.
COLUMNS = (
    (110, (_("Rests on"),)),
    (232, (pgettext_lazy("column heading", "No"), _("alliances"))),
    (284, (pgettext_lazy("column heading", "No"), _("foreign"), _("bases"))),
    (334, (_("Holds"), _("after"), "2022")),
)


@dataclass
class Row:
    name_lines: tuple[str, ...]
    anchor: str  # the id of its row in the table of states, or "" for Ukraine's proposal
    standing: Standing
    y: int
    marks: list  # (x, yes) for the three yes/no columns

    @property
    def is_proposal(self):
        return not self.anchor


def glance(states: list[NeutralState]) -> dict:
    """The picture's rows and size; states without a Standing are left to the table."""
    pairs = [
        ((s.country,), f"state-{s.slug}", STANDINGS[s.slug]) for s in states if s.slug in STANDINGS
    ]
    # Translators: the last row's name, on two lines of about 12 letters: "Ukraine's / 2022 offer".
    name = (
        pgettext_lazy("row name, line 1", "Ukraine's"),
        pgettext_lazy("row name, line 2", "2022 offer"),
    )
    pairs.append((name, "", UKRAINE_2022))
    rows = []
    for index, (name_lines, anchor, standing) in enumerate(pairs):
        y = TOP + index * ROW
        yes_no = (standing.no_alliances, standing.no_bases, standing.holds_after_2022)
        marks = [(x, yes) for (x, _), yes in zip(COLUMNS[1:], yes_no, strict=True)]
        rows.append(Row(name_lines, anchor, standing, y, marks))
    return {
        "rows": rows,
        "columns": COLUMNS,
        "width": WIDTH,
        "basis_x": COLUMNS[0][0],
        "height": TOP + len(rows) * ROW,
        "permanent": sum(1 for r in rows[:-1] if r.standing.no_alliances),
        "ended": [r.name_lines[0] for r in rows[:-1] if not r.standing.holds_after_2022],
        "ended_names": get_text_list(
            [r.name_lines[0] for r in rows[:-1] if not r.standing.holds_after_2022], _("and")
        ),
    }
