"""The answer form. Field values are positions in the displayed order, never choice ids."""

from django import forms

from quizzes.models import Question


class AnswerForm(forms.Form):
    def __init__(self, question: Question, shown: list, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.question = question
        self.shown = shown
        numbers = [(str(i), str(i)) for i in range(1, len(shown) + 1)]
        if question.is_ordering:
            for i, _ in enumerate(shown, start=1):
                self.fields[f"position-{i}"] = forms.TypedChoiceField(
                    choices=[("", "Choose…"), *numbers],
                    coerce=int,
                    error_messages={"required": "Give every item a position."},
                )
        elif question.is_multiple:
            self.fields["choice"] = forms.TypedMultipleChoiceField(
                choices=numbers,
                coerce=int,
                widget=forms.CheckboxSelectMultiple,
                error_messages={"required": "Select at least one answer."},
            )
        else:
            self.fields["choice"] = forms.TypedChoiceField(
                choices=numbers,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": "Choose an answer."},
            )

    def clean(self):
        cleaned = super().clean()
        single_valued = [name for name in self.fields if not self.question.is_multiple]
        if any(len(self.data.getlist(name)) > 1 for name in single_valued):
            raise forms.ValidationError("Give one answer for each item.")
        if self.question.is_ordering and not self.errors:
            positions = [cleaned[f"position-{i}"] for i in range(1, len(self.shown) + 1)]
            if sorted(positions) != list(range(1, len(self.shown) + 1)):
                raise forms.ValidationError("Use each position once.")
        return cleaned

    def selected_ids(self) -> list[int]:
        """The chosen choice ids; for ordering, the items' ids from first to last position."""
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
