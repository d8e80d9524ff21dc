from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from watchroom.core.widgets import QuickSelect
from watchroom.devices.models import Camera
from watchroom.duty.choices import LogCategory
from watchroom.duty.selectors import roster as rosters
from watchroom.rules import RuleViolation

_LOCAL = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class DutyForm(forms.Form):
    person = forms.ModelChoiceField(get_user_model().objects.none(),
                                    label=gettext_lazy("person"))
    start = forms.DateTimeField(label=gettext_lazy("from"), widget=_LOCAL)
    end = forms.DateTimeField(label=gettext_lazy("until"), widget=_LOCAL)

    def __init__(self, *args, room, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = get_user_model().objects.filter(
            pk__in=[u.pk for u in rosters.operators_of(room)]).order_by("username")


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


class SignForm(forms.Form):
    """Who acts on a shared screen, with their own password or authenticator code
    (R-HAND-5, R-DUTY-2, R-DUTY-3), whoever is signed in at the workstation. The prefix
    names the side on the handover screen (`out-username`, `in-username`)."""

    username = forms.CharField(required=False)
    password = forms.CharField(required=False, strip=False)
    code = forms.CharField(required=False)

    def __init__(self, *args, rule: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.rule = rule

    def clean_username(self):
        return _active_user(self.cleaned_data["username"])

    @property
    def signer(self):
        return self.cleaned_data["username"]

    @property
    def credentials(self) -> dict:
        return {"password": self.cleaned_data["password"], "code": self.cleaned_data["code"]}

    def refusal(self) -> RuleViolation:
        """The input refused as a rule refuses it, for `core.refusals.flash_refusal`."""
        return _refusal(self, self.rule)


def _active_user(username: str):
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise forms.ValidationError(_("There is no user %(user)s.") % {"user": username})
    return user


def _refusal(form, rule: str) -> RuleViolation:
    messages = [str(m) for errors in form.errors.values() for m in errors]
    return RuleViolation(rule, " ".join(messages), status=400)


class HandoverSignForm(forms.Form):
    """What the outgoing operator completes (the items are rows `item-<n>-name`,
    `-count`, `-ok`, `-note`, as many as the room's list); the service judges it."""

    continuing = forms.CharField(required=False, strip=False)
    instructions = forms.CharField(required=False, strip=False)
    equipment = forms.CharField(required=False, strip=False)
    hygiene = forms.CharField(required=False)
    hygiene_note = forms.CharField(required=False, strip=False)

    def clean(self):
        data = super().clean()
        post = self.data
        data["items"] = [
            {"name": post.get(f"item-{n}-name", ""), "count": post.get(f"item-{n}-count"),
             "ok": post.get(f"item-{n}-ok") == "1", "note": post.get(f"item-{n}-note", "")}
            for n in range(len(post.getlist("item")))]
        return data


class HandoverDecideForm(forms.Form):
    ACCEPT, REFUSE = "accept", "refuse"
    decision = forms.CharField(required=False)
    reasons = forms.CharField(required=False, strip=False)


class AbsenceRequestForm(forms.Form):
    substitute = forms.CharField(required=False, strip=False)
    kind = forms.CharField(required=False)
    reason = forms.CharField(required=False, strip=False)
    minutes = forms.CharField(required=False)

    def clean_substitute(self):
        return _active_user(self.cleaned_data["substitute"].strip())

    def clean_minutes(self):
        minutes = self.cleaned_data["minutes"]
        return int(minutes) if minutes.isdigit() else None

    def refusal(self) -> RuleViolation:
        return _refusal(self, "R-DUTY-3")


class AbsenceDecisionForm(forms.Form):
    note = forms.CharField(required=False, strip=False)


class InventoryItemForm(forms.Form):
    name = forms.CharField(required=False, strip=False)
    quantity = forms.CharField(required=False)
    active = forms.CharField(required=False)

    def clean_quantity(self):
        quantity = self.cleaned_data["quantity"]
        return int(quantity) if quantity.isdigit() else None

    def clean_active(self):
        return "active" not in self.data or self.data["active"] == "1"


class CheckForm(forms.Form):
    """The pre-shift check: for each subject `<key>:ok` (1 fine, 0 not), `<key>:offset`
    (the recorder clock's seconds off) and `<key>:note`."""

    def __init__(self, *args, subjects, **kwargs):
        super().__init__(*args, **kwargs)
        self.subjects = subjects
        for s in subjects:
            self.fields[f"{s.key}:ok"] = forms.CharField(required=False)
            self.fields[f"{s.key}:offset"] = forms.CharField(required=False)
            self.fields[f"{s.key}:note"] = forms.CharField(required=False, strip=False)

    def results(self) -> dict[str, dict]:
        data = self.cleaned_data
        results = {}
        for s in self.subjects:
            offset = data[f"{s.key}:offset"]
            results[s.key] = {
                "ok": {"1": True, "0": False}.get(data[f"{s.key}:ok"]),
                "offset": int(offset) if offset.lstrip("+-").isdigit() else None,
                "note": data[f"{s.key}:note"]}
        return results


class ReopenForm(forms.Form):
    reason = forms.CharField(required=False, strip=False)


class RemoveForm(forms.Form):
    """Removing a duty is confirmed (`confirm=1`) on the page that names it."""

    confirm = forms.CharField(required=False)

    def clean_confirm(self):
        return self.cleaned_data["confirm"] == "1"
