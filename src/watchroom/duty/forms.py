from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy

from watchroom.core.widgets import QuickSelect
from watchroom.devices.models import Camera
from watchroom.duty import services
from watchroom.duty.models import LogCategory

_LOCAL = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class DutyForm(forms.Form):
    person = forms.ModelChoiceField(get_user_model().objects.none(),
                                    label=gettext_lazy("person"))
    start = forms.DateTimeField(label=gettext_lazy("from"), widget=_LOCAL)
    end = forms.DateTimeField(label=gettext_lazy("until"), widget=_LOCAL)

    def __init__(self, *args, room, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = get_user_model().objects.filter(
            pk__in=[u.pk for u in services.operators_of(room)]).order_by("username")


class LogEntryForm(forms.Form):
    """Fast entry: the time is now unless changed, routine unless chosen; Enter saves."""

    category = forms.ChoiceField(label=gettext_lazy("category"), choices=LogCategory.choices,
                                 initial=LogCategory.ROUTINE)
    camera = forms.ModelChoiceField(Camera.objects.filter(enabled=True).order_by("code"),
                                    label=gettext_lazy("camera"), required=False,
                                    widget=QuickSelect)
    seen = forms.CharField(label=gettext_lazy("what was seen"), max_length=2000,
                           widget=forms.TextInput(attrs={"autofocus": True,
                                                         "autocomplete": "off"}))
    done = forms.CharField(label=gettext_lazy("what was done"), max_length=2000, required=False)
    told = forms.CharField(label=gettext_lazy("who was told"), max_length=200, required=False)
    at = forms.DateTimeField(label=gettext_lazy("time"), required=False, widget=_LOCAL,
                             help_text=gettext_lazy("empty: now"))

    def __init__(self, *args, room, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["camera"].queryset = Camera.objects.filter(
            enabled=True, area__site_id=room.site_id).order_by("code").only(
            "pk", "code", "name", "area")


class CorrectionForm(forms.Form):
    """A correction keeps the time and camera of the entry it corrects."""

    category = forms.ChoiceField(label=gettext_lazy("category"), choices=LogCategory.choices)
    seen = forms.CharField(label=gettext_lazy("what was seen"), max_length=2000,
                           widget=forms.TextInput(attrs={"autofocus": True,
                                                         "autocomplete": "off"}))
    done = forms.CharField(label=gettext_lazy("what was done"), max_length=2000, required=False)
    told = forms.CharField(label=gettext_lazy("who was told"), max_length=200, required=False)
