from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from watchroom.core.login_throttle import refuse_if_slowed
from watchroom.core.models import PolicyProfile
from watchroom.rules import RuleViolation


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("User name"), max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )

    def clean(self):
        """R-SEC-2: a user name with repeated failures waits before its password is even
        checked, so guessing it from many addresses goes no faster."""
        try:
            refuse_if_slowed(self.cleaned_data.get("username") or "")
        except RuleViolation as refused:
            raise forms.ValidationError(refused.message, code="slowed") from None
        return super().clean()


class PolicyProfileForm(forms.ModelForm):
    class Meta:
        model = PolicyProfile
        fields = [f.name for f in PolicyProfile._meta.fields if f.name not in ("id", "kind")]


class CodeForm(forms.Form):
    code = forms.CharField(label=_("authenticator code"), max_length=8,
                           widget=forms.TextInput(attrs={"inputmode": "numeric",
                                                         "autocomplete": "one-time-code",
                                                         "autofocus": True}))
