from django import forms
from django.utils.translation import gettext_lazy as _

from watchroom.core.widgets import QuickSelect
from watchroom.devices.models import Camera
from watchroom.recording.choices import HoldLink

_LOCAL = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class HoldForm(forms.Form):
    cameras = forms.ModelMultipleChoiceField(
        Camera.objects.order_by("code"), label=_("cameras"),
        widget=forms.SelectMultiple(attrs={"size": 8}))
    start = forms.DateTimeField(label=_("from"), widget=_LOCAL)
    end = forms.DateTimeField(label=_("until"), widget=_LOCAL)
    reason = forms.CharField(label=_("reason"), max_length=300)
    link_kind = forms.ChoiceField(label=_("linked to"), choices=HoldLink.choices)
    link_ref = forms.CharField(label=_("reference"), max_length=100, required=False,
                               help_text=_("incident, request or case number"))

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] <= data["start"]:
            self.add_error("end", _("A hold must end after it starts."))
        return data


class ReleaseForm(forms.Form):
    note = forms.CharField(label=_("why the hold is released"), max_length=300)


class ExtensionForm(forms.Form):
    camera = forms.ModelChoiceField(Camera.objects.order_by("code"), label=_("camera"),
                                    widget=QuickSelect)
    days = forms.IntegerField(label=_("retention (days)"), min_value=1, max_value=3650)
    reason = forms.CharField(label=_("reason"), max_length=300)


class DecisionForm(forms.Form):
    """A leader's answer to a retention extension: the approve or reject button."""

    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("reject", _("Reject"))])
