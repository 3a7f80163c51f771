"""The answer form. Field values are positions in the displayed order, never choice ids; a typed
answer is text, matched against the accepted answers only here, on the server."""

from django import forms
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext

from quizzes.models import Answer, Question
from quizzes.scoring import matching_options, typed_match
from quizzes.typed_answers import NotANumber, parse_number

TYPED_MAX = Answer._meta.get_field("text").max_length


def layout_of(choices: list) -> str:
    """A tag of the choices in the order a page shows them. It names no choice: a choice's id can
    follow the authored order, which is the answer to an ordering question."""
    ids = ",".join(str(choice.pk) for choice in choices)
    return salted_hmac("quizzes.forms.layout_of", ids).hexdigest()[:16]


class AnswerForm(forms.Form):
    """An answer to ``question``, its choices ``shown`` in the order this attempt shows them.

    The page sends back the layout it showed (``layout``): positions only mean something in it,
    so an answer to a layout a teacher has since changed is refused, never read in the new one.
    """

    def __init__(self, question: Question, shown: list, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.question = question
        self.shown = shown
        self.layout_changed = False
        numbers = [(str(i), str(i)) for i in range(1, len(shown) + 1)]
        # A typed answer is text: it does not depend on the choices' order.
        self.layout = "" if question.is_typed else layout_of(shown)
        if question.is_typed:
            self.fields["answer"] = forms.CharField(
                max_length=TYPED_MAX,
                error_messages={
                    "required": gettext("Type a number.")
                    if question.is_numerical
                    else gettext("Type an answer."),
                    "max_length": gettext("Keep the answer under %(limit)d characters.")
                    % {"limit": TYPED_MAX},
                },
            )
        elif question.is_matching:
            self.options = matching_options(list(question.choices.all()))
            self.layout = layout_of([*shown, *self.options])
            picks = [(str(i), str(i)) for i in range(1, len(self.options) + 1)]
            for i, _ in enumerate(shown, start=1):
                self.fields[f"match-{i}"] = forms.TypedChoiceField(
                    choices=[("", gettext("Choose…")), *picks],
                    coerce=int,
                    error_messages={"required": gettext("Choose an answer for every item.")},
                )
        elif question.is_ordering:
            for i, _ in enumerate(shown, start=1):
                self.fields[f"position-{i}"] = forms.TypedChoiceField(
                    choices=[("", gettext("Choose…")), *numbers],
                    coerce=int,
                    error_messages={"required": gettext("Give every item a position.")},
                )
        elif question.is_multiple:
            self.fields["choice"] = forms.TypedMultipleChoiceField(
                choices=numbers,
                coerce=int,
                widget=forms.CheckboxSelectMultiple,
                error_messages={"required": gettext("Select at least one answer.")},
            )
        else:
            self.fields["choice"] = forms.TypedChoiceField(
                choices=numbers,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": gettext("Choose an answer.")},
            )

    def clean(self):
        cleaned = super().clean()
        if self.layout and self.data.get("layout", self.layout) != self.layout:
            self.layout_changed = True
            raise forms.ValidationError(
                gettext(
                    "This question was changed while you were reading it. Read it again as it "
                    "is now and give your answer."
                )
            )
        single_valued = [name for name in self.fields if not self.question.is_multiple]
        if any(len(self.data.getlist(name)) > 1 for name in single_valued):
            raise forms.ValidationError(gettext("Give one answer for each item."))
        if self.question.is_numerical and cleaned.get("answer"):
            try:
                parse_number(cleaned["answer"])
            except NotANumber as error:
                self.add_error("answer", str(error))
        if self.question.is_ordering and not self.errors:
            positions = [cleaned[f"position-{i}"] for i in range(1, len(self.shown) + 1)]
            if sorted(positions) != list(range(1, len(self.shown) + 1)):
                raise forms.ValidationError(gettext("Use each position once."))
        return cleaned

    def typed_text(self) -> str:
        return self.cleaned_data.get("answer", "") if self.question.is_typed else ""

    def selected_ids(self) -> list:
        """The chosen choice ids; for ordering, the items' ids from first to last position; for
        matching, [item id, chosen answer's id] pairs; for a typed answer, the one it matched."""
        if self.question.is_typed:
            match = typed_match(self.question, self.shown, self.cleaned_data["answer"])
            return [] if match is None else [match.pk]
        if self.question.is_matching:
            return [
                [item.pk, self.options[self.cleaned_data[f"match-{i}"] - 1].pk]
                for i, item in enumerate(self.shown, start=1)
            ]
        if self.question.is_ordering:
            by_position = {
                self.cleaned_data[f"position-{i}"]: choice
                for i, choice in enumerate(self.shown, start=1)
            }
            return [by_position[p].pk for p in sorted(by_position)]
        picked = self.cleaned_data["choice"]
        numbers = picked if isinstance(picked, list) else [picked]
        return sorted(self.shown[n - 1].pk for n in set(numbers))

    def ordering_rows(self):
        """Each ordering item beside its position field, in the displayed order."""
        return [(choice, self[f"position-{i}"]) for i, choice in enumerate(self.shown, start=1)]

    def matching_rows(self):
        """Each matching item beside its select, in the displayed order."""
        return [(choice, self[f"match-{i}"]) for i, choice in enumerate(self.shown, start=1)]

    def option_labels(self):
        """The matching answers' texts, in the order of the select's values 1, 2, …"""
        return [option.match for option in self.options]
