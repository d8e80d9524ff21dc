"""Every POST of the incidents' pages is read by one of these forms."""

from django import forms
from django.utils.translation import gettext_lazy as _

from watchroom.core.models import Area, MonitoringRoom
from watchroom.devices.choices import EquipmentStatus
from watchroom.devices.models import Camera
from watchroom.incidents.choices import IncidentCategory, IncidentGrade

_LOCAL = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class _Classified(forms.Form):
    category = forms.ChoiceField(label=_("category"), choices=IncidentCategory.choices)
    grade = forms.ChoiceField(label=_("grade"), choices=IncidentGrade.choices,
                              initial=IncidentGrade.GENERAL)
    told = forms.CharField(label=_("who was told"), max_length=300, required=False)


class IncidentForm(_Classified):
    title = forms.CharField(label=_("title"), max_length=200)
    seen = forms.CharField(label=_("what was seen"), widget=forms.Textarea(attrs={"rows": 3}))
    occurred_at = forms.DateTimeField(label=_("occurred"), widget=_LOCAL, required=False,
                                      help_text=_("empty: now"))
    room = forms.ModelChoiceField(label=_("monitoring room"), required=False,
                                  queryset=MonitoringRoom.objects.filter(active=True))
    area = forms.ModelChoiceField(label=_("area"), required=False,
                                  queryset=Area.objects.filter(active=True).order_by("code"))
    cameras = forms.ModelMultipleChoiceField(
        label=_("cameras"), required=False,
        queryset=Camera.objects.exclude(status=EquipmentStatus.RETIRED).order_by("code"))
    footage_end = forms.DateTimeField(label=_("footage until"), widget=_LOCAL, required=False,
                                      help_text=_("empty: up to now"))

    field_order = ["title", "seen", "occurred_at", "category", "grade", "told", "room",
                   "area", "cameras", "footage_end"]


class FromSourceForm(_Classified):
    """Turning a duty-log entry or an alert into an incident: what the source does not say."""

    title = forms.CharField(label=_("title"), max_length=200, required=False,
                            help_text=_("empty: the entry's first line"))


class NoteForm(forms.Form):
    text = forms.CharField(label=_("note"), widget=forms.Textarea(attrs={"rows": 2}))


class AttachForm(forms.Form):
    file = forms.FileField(label=_("picture or document"))


class GradeForm(forms.Form):
    grade = forms.ChoiceField(label=_("grade"), choices=IncidentGrade.choices)
    reason = forms.CharField(label=_("why"), max_length=300, required=False)


class HoldForm(forms.Form):
    footage_end = forms.DateTimeField(label=_("footage until"), widget=_LOCAL, required=False,
                                      help_text=_("empty: up to now"))


class ReleaseForm(forms.Form):
    note = forms.CharField(label=_("why the hold is released"), max_length=300)


class CloseForm(forms.Form):
    disposal = forms.CharField(label=_("what was done"),
                               widget=forms.Textarea(attrs={"rows": 3}))
    result = forms.CharField(label=_("result"), widget=forms.Textarea(attrs={"rows": 2}))


class ReviewForm(forms.Form):
    cause = forms.CharField(label=_("cause"), widget=forms.Textarea(attrs={"rows": 2}))
    lessons = forms.CharField(label=_("lessons"), widget=forms.Textarea(attrs={"rows": 2}))
    measures = forms.CharField(label=_("measures"), widget=forms.Textarea(attrs={"rows": 2}))
    password = forms.CharField(label=_("your password"), strip=False, widget=forms.PasswordInput(
        attrs={"autocomplete": "current-password"}))
