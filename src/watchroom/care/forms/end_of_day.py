"""The end-of-day and replacement pages' forms; the rules are the services'."""

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


class ReplacementDraftForm(forms.Form):
    site = forms.ModelChoiceField(label=_("site"), queryset=None)
    title = forms.CharField(label=_("title"), max_length=200)
    reason = forms.CharField(label=_("reason"), max_length=4000,
                             widget=forms.Textarea(attrs={"rows": 3}))
    planned_date = forms.DateField(label=_("planned date"),
                                   widget=forms.DateInput(attrs={"type": "date"}))
    budget_note = forms.CharField(label=_("budget"), max_length=500, required=False)
    codes = forms.CharField(
        label=_("equipment codes"), widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The codes of the items to replace, one a line or separated by commas."))

    def __init__(self, *args, **kwargs):
        from watchroom.core.models import Site

        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = Site.objects.filter(active=True)

    def clean_codes(self):
        from watchroom.devices.models import EQUIPMENT_MODELS

        codes = [c.strip() for c in self.cleaned_data["codes"].replace(",", "\n").split("\n")
                 if c.strip()]
        found, missing = [], []
        for code in codes:
            item = next((m.objects.filter(code=code).first() for m in EQUIPMENT_MODELS.values()
                         if m.objects.filter(code=code).exists()), None)
            (found.append(item) if item else missing.append(code))
        if missing:
            raise forms.ValidationError(_("Not in the archive: %(codes)s.") % {
                "codes": ", ".join(missing)})
        return found


class ReplacementAgreeForm(forms.Form):
    part = forms.ChoiceField(label=_("agree as"), choices=())
    note = forms.CharField(label=_("note"), max_length=500, required=False)
    password = PasswordField()

    def __init__(self, *args, parts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["part"].choices = list(parts)


class ReplacementApproveForm(forms.Form):
    password = PasswordField()


class ReplacementItemDoneForm(forms.Form):
    new_code = forms.CharField(label=_("code of the new item"), max_length=40)
