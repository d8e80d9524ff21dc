from django import forms
from django.utils.translation import gettext_lazy as _

from watchroom.core.models import Area
from watchroom.health.names import CAUSES


class BoardFilter(forms.Form):
    problem = forms.ChoiceField(label=_("problem"), required=False,
                                choices=[("", _("any problem or none")), *CAUSES.items()])
    area = forms.ModelChoiceField(label=_("area"), required=False,
                                  queryset=Area.objects.order_by("code"),
                                  empty_label=_("every area"))


class ProbeNow(forms.Form):
    """The check-now button's POST: nothing but the camera in the address."""
