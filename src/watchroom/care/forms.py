"""Forms of equipment care's pages; the rules are the services'."""

from django import forms
from django.utils.translation import gettext_lazy as _


class PasswordField(forms.CharField):
    def __init__(self, **kwargs):
        super().__init__(label=_("your password"), strip=False, required=False,
                         widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
                         **kwargs)


class ReconciliationForm(forms.Form):
    """One note field per line (`finding_<kind>:<status>`), built from the lines."""

    note = forms.CharField(label=_("note for the day"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))
    password = PasswordField()

    def __init__(self, *args, lines=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = list(lines)
        for line in self.lines:
            label = f"{line.kind_label} · {line.status_label}"
            self.fields[f"finding_{line.key}"] = forms.CharField(
                label=label, required=False, max_length=500,
                widget=forms.TextInput(attrs={"aria-label": label}))

    def findings(self) -> dict[str, str]:
        return {line.key: self.cleaned_data.get(f"finding_{line.key}", "")
                for line in self.lines}

    def line_fields(self):
        return [(line, self[f"finding_{line.key}"]) for line in self.lines]
