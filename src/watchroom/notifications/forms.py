from django import forms


class AcknowledgeForm(forms.Form):
    """The inbox's acknowledge button: which notice (R-INC-2)."""

    notice = forms.IntegerField(min_value=1)


class ConfirmForm(forms.Form):
    """An acknowledgement link's one button: the body holds only the CSRF token."""
