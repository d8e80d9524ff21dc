"""The fault pages' forms."""

from django import forms
from django.utils.translation import gettext_lazy as _

from watchroom.care import equipment as items
from watchroom.care.choices import FaultCategory, FaultSource
from watchroom.care.selectors.faults import repairers
from watchroom.devices.choices import EquipmentStatus


def equipment_choices() -> list[tuple[str, str]]:
    choices = []
    for model in items.models():
        group = [(items.key_of(obj), str(obj))
                 for obj in model.objects.exclude(status=EquipmentStatus.RETIRED).order_by("code")]
        if group:
            choices.append((str(model._meta.verbose_name_plural), group))
    return choices


class FaultReportForm(forms.Form):
    equipment = forms.ChoiceField(label=_("equipment"))
    category = forms.ChoiceField(label=_("category"), choices=FaultCategory.choices)
    description = forms.CharField(label=_("description"), max_length=2000,
                                  widget=forms.Textarea(attrs={"rows": 4}))
    source = forms.ChoiceField(
        label=_("reported from"), initial=FaultSource.MANUAL,
        choices=[c for c in FaultSource.choices if c[0] != FaultSource.AUTOMATIC])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["equipment"].choices = [("", "—"), *equipment_choices()]

    def clean_equipment(self):
        equipment = items.parse(self.cleaned_data["equipment"])
        if equipment is None:
            raise forms.ValidationError(_("Choose the equipment."))
        return equipment


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(label=_("technician"), queryset=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = repairers()
        self.fields["assignee"].label_from_instance = lambda user: (
            getattr(getattr(user, "staff", None), "full_name", "") or user.get_username())


class RepairForm(forms.Form):
    cause_found = forms.CharField(label=_("cause found"), max_length=2000,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    work_done = forms.CharField(label=_("work done"), max_length=2000,
                                widget=forms.Textarea(attrs={"rows": 3}))
    parts = forms.CharField(label=_("parts replaced"), max_length=500, required=False)
    vendor = forms.CharField(label=_("outside repairer"), max_length=200, required=False,
                             help_text=_("The company that did the repair, if not you."))
    password = forms.CharField(label=_("your password (signature)"),
                               widget=forms.PasswordInput, strip=False)


class CloseForm(forms.Form):
    note = forms.CharField(label=_("what was checked"), max_length=500, required=False)
    password = forms.CharField(label=_("your password (signature)"), required=False,
                               widget=forms.PasswordInput, strip=False)
