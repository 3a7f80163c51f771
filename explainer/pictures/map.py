"""The map of the proposed guarantors: Natural Earth shapes (europe.json, built by tools/map) marked
from the Guarantor rows. Guarantors beyond the frame (the Americas, China) are drawn as labelled
boxes at its edge, on the side where they lie."""

import functools
import json
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext

from explainer.models import Guarantor

GEOMETRY = Path(__file__).with_name("europe.json")
# The Guarantor's name where Natural Earth spells it differently.
NATURAL_EARTH_NAME = {"United States": "United States of America"}
UKRAINE = "Ukraine"
AT_WAR = "Russia"  # a proposed guarantor and the state at war with Ukraine (A8)
PROPOSED_LATER = "Belarus"  # proposed as a guarantor later, by Russia (A10)
OFF_MAP = {  # Natural Earth name: the side of the frame it lies beyond
    "United States of America": "west",
    "Canada": "west",
    "China": "east",
}


@functools.cache
def geometry() -> dict:
    return json.loads(GEOMETRY.read_text())


@dataclass
class Country:
    name: str  # as the site writes it
    d: str  # SVG path data; empty for a guarantor beyond the frame
    role: str  # "ukraine", "p5", "other", "later" or "" for a country with no part in the talks
    nato_since: int | None = None
    at_war: bool = False
    label: tuple[float, float] | None = None
    side: str = ""  # for a guarantor beyond the frame: "west" or "east"

    @property
    def is_guarantor(self):
        return self.role in {"p5", "other"}


def guarantor_map(guarantors: list[Guarantor]) -> dict:
    shapes, labels = geometry()["shapes"], geometry()["labels"]
    # Shapes are named in English, as Natural Earth names them, whatever the page's language.
    by_shape = {NATURAL_EARTH_NAME.get(g.name_en, g.name_en): g for g in guarantors}
    countries, beyond = [], []
    for shape_name, d in shapes.items():
        guarantor = by_shape.get(shape_name)
        if guarantor is not None and shape_name not in OFF_MAP:
            countries.append(
                Country(
                    guarantor.name,
                    d,
                    guarantor.group,
                    guarantor.nato_member_since,
                    at_war=shape_name == AT_WAR,
                    label=tuple(labels[shape_name]) if shape_name in labels else None,
                )
            )
        elif shape_name in (UKRAINE, PROPOSED_LATER):
            role = "ukraine" if shape_name == UKRAINE else "later"
            name = gettext("Ukraine") if shape_name == UKRAINE else gettext("Belarus")
            countries.append(Country(name, d, role, label=tuple(labels[shape_name])))
        else:
            countries.append(Country(shape_name, d, ""))
    for shape_name, guarantor in by_shape.items():
        if shape_name in OFF_MAP or shape_name not in shapes:
            side = OFF_MAP.get(shape_name, "west")
            beyond.append(
                Country(guarantor.name, "", guarantor.group, guarantor.nato_member_since, side=side)
            )
    # Countries with no part first, so the marked ones' outlines are drawn over them.
    countries.sort(key=lambda c: c.role != "")
    guarantors_drawn = [c for c in countries if c.is_guarantor] + beyond
    boxes = _boxes(beyond)
    return {
        "width": geometry()["width"],
        "height": geometry()["height"],
        "countries": countries,
        "beyond": boxes,
        "beyond_names": [box["country"].name for box in boxes],
        "guarantors": guarantors_drawn,
        "p5": [c.name for c in guarantors_drawn if c.role == "p5"],
        "others": [c.name for c in guarantors_drawn if c.role == "other"],
        "nato": [c.name for c in guarantors_drawn if c.nato_since],
    }


def _boxes(beyond: list[Country]) -> list[dict]:
    """Each guarantor beyond the frame as a box at the frame's edge, stacked down each side."""
    boxes = []
    for side, x in (("west", 4), ("east", geometry()["width"] - 122)):
        for index, country in enumerate(c for c in beyond if c.side == side):
            boxes.append({"country": country, "x": x, "y": 6 + index * 30})
    return boxes
