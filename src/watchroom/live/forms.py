"""Every POST the wall makes is read by one of these forms."""

import json

from django import forms
from django.utils.translation import gettext_lazy as _

from watchroom.devices.models import Camera
from watchroom.live.choices import GridSize, Stream
from watchroom.live.services import CODECS


class LayoutForm(forms.Form):
    grid = forms.TypedChoiceField(label=_("grid"), choices=GridSize.choices, coerce=int)
    pages = forms.CharField(label=_("pages"), max_length=4000)
    cycle_seconds = forms.IntegerField(label=_("cycle every (seconds)"), min_value=0,
                                       required=False)
    room = forms.BooleanField(label=_("the room's layout"), required=False)

    def clean_pages(self):
        try:
            return json.loads(self.cleaned_data["pages"])
        except ValueError:
            raise forms.ValidationError(_("The pages are not readable.")) from None


class LiveOpenForm(forms.Form):
    camera = forms.ModelChoiceField(Camera.objects.select_related("area"), label=_("camera"))
    stream = forms.ChoiceField(label=_("stream"), choices=Stream.choices, required=False,
                               help_text=_("empty: the main stream"))
    codec = forms.ChoiceField(label=_("codec"), choices=[(c, c) for c in CODECS],
                              required=False)


class ReportForm(forms.Form):
    """R-INC-1: the report of what is seen on a tile, with the tile's picture."""

    camera = forms.ModelChoiceField(Camera.objects.select_related("area"), label=_("camera"))
    seen = forms.CharField(label=_("what was seen"), max_length=2000)
    done = forms.CharField(label=_("what was done"), max_length=2000, required=False)
    told = forms.CharField(label=_("who was told"), max_length=200, required=False)
    at = forms.DateTimeField(label=_("time"), required=False)
    picture = forms.FileField(label=_("picture"))
