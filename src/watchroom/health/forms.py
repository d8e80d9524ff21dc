"""The forms that read every POST body of the blocks', changes' and reference pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from watchroom.core.models import Area
from watchroom.core.widgets import QuickSelect
from watchroom.devices.models import Camera
from watchroom.health.choices import ChangeKind
from watchroom.health.names import CAUSES

_LOCAL = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class BlockApplyForm(forms.Form):
    camera = forms.ModelChoiceField(Camera.objects.order_by("code"), label=_("camera"),
                                    widget=QuickSelect)
    reason = forms.CharField(label=_("reason"), max_length=500,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("The work that needs the camera blocked."))
    starts_at = forms.DateTimeField(label=_("from"), widget=_LOCAL)
    ends_at = forms.DateTimeField(label=_("until"), widget=_LOCAL,
                                  help_text=_("At most 72 hours after the start; the block "
                                              "ends by itself then."))


class ChangeRequestForm(forms.Form):
    camera = forms.ModelChoiceField(Camera.objects.order_by("code"), label=_("camera"),
                                    widget=QuickSelect)
    kind = forms.ChoiceField(label=_("what changes"), choices=ChangeKind.choices)
    description = forms.CharField(label=_("the change"), max_length=500,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    reason = forms.CharField(label=_("reason"), max_length=500,
                             widget=forms.Textarea(attrs={"rows": 3}))
    planned_start = forms.DateTimeField(label=_("planned from"), widget=_LOCAL)
    planned_end = forms.DateTimeField(label=_("planned until"), widget=_LOCAL)


class DecisionForm(forms.Form):
    """The room head's answer: approve, or refuse with a reason."""

    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("refuse", _("Refuse"))])
    note = forms.CharField(label=_("note"), max_length=500, required=False)


class NoteForm(forms.Form):
    note = forms.CharField(label=_("note"), max_length=1000, required=False)


class ReferenceForm(forms.Form):
    """Either a healthy check's picture (its id) or an uploaded picture."""

    check = forms.IntegerField(required=False, widget=forms.HiddenInput)
    picture = forms.FileField(label=_("picture (JPEG or PNG)"), required=False)

    def clean(self):
        data = super().clean()
        if not data.get("check") and not data.get("picture"):
            raise forms.ValidationError(_("Choose a picture."))
        return data


class BoardFilter(forms.Form):
    problem = forms.ChoiceField(label=_("problem"), required=False,
                                choices=[("", _("any problem or none")), *CAUSES.items()])
    area = forms.ModelChoiceField(label=_("area"), required=False,
                                  queryset=Area.objects.order_by("code"),
                                  empty_label=_("every area"))


class ProbeNow(forms.Form):
    """The check-now button's POST: nothing but the camera in the address."""
