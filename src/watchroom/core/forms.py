from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from watchroom.core.models import PolicyProfile


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("User name"), max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )


class PolicyProfileForm(forms.ModelForm):
    class Meta:
        model = PolicyProfile
        fields = [f.name for f in PolicyProfile._meta.fields if f.name not in ("id", "kind")]
