"""The form a student fills in to join a class."""

from django import forms
from django.utils.translation import gettext_lazy as _

from quizzes.models import JOIN_LENGTH, normalise_join_code


class JoinForm(forms.Form):
    code = forms.CharField(
        label=_("Join code"),
        max_length=20,
        help_text=_("Eight letters and digits, from your teacher, like ABCD-EFGH."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )
    name = forms.CharField(
        label=_("Your name"),
        max_length=40,
        help_text=_("The name your teacher will see next to your answers. No account is needed."),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )

    def clean_code(self):
        code = normalise_join_code(self.cleaned_data["code"])
        if len(code) != JOIN_LENGTH:
            raise forms.ValidationError(
                _("A join code has eight letters and digits, like ABCD-EFGH.")
            )
        return code

    def clean_name(self):
        return tidy_name(self.cleaned_data["name"])


class NameForm(forms.Form):
    """A student's correction of the name they joined a class with."""

    display_name = forms.CharField(
        label=_("Your name"),
        max_length=40,
        help_text=_("The name your teacher will see next to your answers."),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
        error_messages={"required": _("Give the name your teacher should see.")},
    )

    def clean_display_name(self):
        return tidy_name(self.cleaned_data["display_name"])


def tidy_name(typed: str) -> str:
    name = " ".join(typed.split())
    if not name:
        raise forms.ValidationError(_("Give the name your teacher should see."))
    return name
