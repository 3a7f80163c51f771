"""The timeline drawn as five eras, each on its own time axis: a numbered disc per event, linked
to its entry; events too close to sit side by side are stacked, so dense months keep every disc."""

from dataclasses import dataclass, field
from datetime import date

from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from explainer.models import TimelineEvent

WIDTH = 360
LEFT, RIGHT = 18, WIDTH - 18
RADIUS = 10
GAP = 2
LANE = 2 * RADIUS + GAP
AXIS_LABELS = 26  # room under the axis for its labels


@dataclass(frozen=True)
class Era:
    key: str
    title: str
    start: date
    end: date  # the first day after it
    ticks: tuple[tuple[date, str], ...]


def _years(first, last, step):
    return tuple((date(year, 1, 1), str(year)) for year in range(first, last + 1, step))


def _month_letter(month: int) -> str:
    # Translators: the initial of each month from January to December, twelve letters in all,
    # under the 2022 time axis.
    return pgettext("months' initials", "JFMAMJJASOND")[month - 1]


month_letter = lazy(_month_letter, str)
ERAS = (
    Era("law", _("Before 1990: the law and the neutral states"), date(1810, 1, 1),
        date(1990, 1, 1), _years(1850, 1950, 50) + ((date(1990, 1, 1), "1990"),)),
    Era("independence", _("1990 to 2014: independence, non-bloc status and the NATO question"),
        date(1990, 1, 1), date(2014, 1, 1), _years(1990, 2014, 6)),
    Era("2014", _("2014 to 2022: after Crimea"), date(2014, 1, 1), date(2022, 1, 1),
        _years(2014, 2022, 2)),
    Era("2022", _("2022: war, talks and their end, month by month"), date(2022, 1, 1),
        date(2023, 1, 1), tuple((date(2022, m, 1), month_letter(m)) for m in range(1, 13))),
)  # fmt: skip


def _after_2022(events) -> Era:
    """The last era runs to the end of the year of the latest event, so none falls off its axis."""
    last = max([e.date.year for e in events] + [2023]) + 1
    return Era("after", _("After 2022"), date(2023, 1, 1), date(last, 1, 1), _years(2023, last, 1))


@dataclass
class Marker:
    number: int
    event: TimelineEvent
    x: float
    y: float


@dataclass
class EraPicture:
    era: Era
    markers: list[Marker] = field(default_factory=list)
    ticks: list[tuple[float, str]] = field(default_factory=list)
    axis_y: float = 0
    height: float = 0


def _x(era: Era, day: date) -> float:
    span = (era.end - era.start).days
    return round(LEFT + (RIGHT - LEFT) * (day - era.start).days / span, 1)


def draw(events: list[TimelineEvent]) -> list[EraPicture]:
    """The eras that have events, each with its discs numbered in date order across all eras."""
    pictures = []
    number = 0
    for era in (*ERAS, _after_2022(events)):
        inside = [e for e in events if era.start <= e.date < era.end]
        if not inside:
            continue
        picture = EraPicture(era)
        lanes: list[float] = []  # the x of the last disc in each lane, lane 0 on the axis
        placed = []
        for event in inside:
            number += 1
            x = max(LEFT + RADIUS, min(RIGHT - RADIUS, _x(era, event.date)))
            lane = next((i for i, last in enumerate(lanes) if x - last >= LANE), len(lanes))
            if lane == len(lanes):
                lanes.append(x)
            lanes[lane] = x
            placed.append((number, event, x, lane))
        picture.axis_y = len(lanes) * LANE + 4
        picture.height = picture.axis_y + AXIS_LABELS
        picture.markers = [
            Marker(n, event, x, picture.axis_y - RADIUS - 2 - lane * LANE)
            for n, event, x, lane in placed
        ]
        picture.ticks = [(_x(era, day), label) for day, label in era.ticks]
        pictures.append(picture)
    return pictures
