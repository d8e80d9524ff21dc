from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from watchroom.core.login_throttle import seconds_to_wait
from watchroom.core.models import PolicyProfile


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("User name"), max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )

    def clean(self):
        """R-SEC-2: a user name with repeated failures waits before its password is even
        checked, so guessing it from many addresses goes no faster."""
        wait = seconds_to_wait(self.cleaned_data.get("username") or "")
        if wait:
            raise forms.ValidationError(
                _("R-SEC-2: too many wrong passwords for this user name; try again in "
                  "%(seconds)d seconds.") % {"seconds": wait}, code="slowed")
        return super().clean()


class PolicyProfileForm(forms.ModelForm):
    class Meta:
        model = PolicyProfile
        fields = [f.name for f in PolicyProfile._meta.fields if f.name not in ("id", "kind")]
