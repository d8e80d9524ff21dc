"""Forms for the administrator's pages of people and places, and for changing one's
own password. They offer only what the services allow: active places, and the roles a
staff page may give (never the guarded ones, R-SEC-1)."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from watchroom.core.choices import Role
from watchroom.core.models import Area, Department, MonitoringRoom, Site, StaffProfile
from watchroom.core.roles import GUARDED_ROLES

DIRECT_ROLES = [(code, label) for code, label in Role.choices if code not in GUARDED_ROLES]


def offered(queryset, current=()):
    """The active records, and those already chosen (a deactivated one stays chosen until
    someone changes it)."""
    keep = [obj.pk for obj in current if obj is not None]
    return queryset.filter(Q(active=True) | Q(pk__in=keep))


class PlaceForm(forms.ModelForm):
    """Choices of site and department limited to active ones (plus the current one)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance if self.instance.pk else None
        for name, model in (("site", Site), ("department", Department)):
            if name in self.fields:
                current = [getattr(instance, name, None)] if instance else []
                self.fields[name].queryset = offered(model.objects.all(), current)


class SiteForm(PlaceForm):
    class Meta:
        model = Site
        fields = ["code", "name", "address", "policy"]


class DepartmentForm(PlaceForm):
    class Meta:
        model = Department
        fields = ["code", "name", "site", "phone"]


class AreaForm(PlaceForm):
    class Meta:
        model = Area
        fields = ["code", "name", "site", "department", "privacy_sensitive", "description"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.privacy_sensitive:
            # R-FOOT-6: removing the protection is a two-person change, proposed from the
            # area's page; this form cannot do it.
            field = self.fields["privacy_sensitive"]
            field.disabled = True
            field.help_text = _("R-FOOT-6: removing it is proposed from the area's page and "
                                "confirmed by a leader.")


class RoomForm(PlaceForm):
    class Meta:
        model = MonitoringRoom
        fields = ["code", "name", "site", "location", "phone", "capacity"]


class RolesField(forms.MultipleChoiceField):
    """Offers the direct roles; a guarded one posted anyway reaches clean_roles, which
    refuses it naming the rule (R-SEC-1), instead of "not one of the choices"."""

    def valid_value(self, value):
        return value in Role.values


class StaffFieldsForm(forms.ModelForm):
    roles = RolesField(
        label=_("Roles"), choices=DIRECT_ROLES, required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("R-SEC-1: security chief, deputy director and administrator are "
                    "proposed on the person's page and confirmed by a leader."))

    class Meta:
        model = StaffProfile
        fields = ["full_name", "employee_no", "department", "title", "phone", "rooms"]
        widgets = {"rooms": forms.CheckboxSelectMultiple}

    def clean_roles(self):
        roles = self.cleaned_data["roles"]
        guarded = [r for r in roles if r in GUARDED_ROLES]
        if guarded:
            raise ValidationError(_(
                "R-SEC-1: %(roles)s is granted only by a proposal that a leader confirms; "
                "propose it on the person's page.") % {
                "roles": "、".join(str(Role(r).label) for r in guarded)})
        return roles

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance if self.instance.pk else None
        self.fields["department"].queryset = offered(
            Department.objects.all(), [instance.department] if instance else [])
        self.fields["rooms"].queryset = offered(
            MonitoringRoom.objects.all(), list(instance.rooms.all()) if instance else [])


class StaffCreateForm(StaffFieldsForm):
    username = forms.CharField(label=_("User name"), max_length=150)
    password = forms.CharField(
        label=_("Temporary password"), max_length=128, strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("R-SEC-2: hand it over in person; it must be changed at the first "
                    "sign-in."))

    field_order = ["username", "password", "full_name", "employee_no", "department",
                   "title", "phone", "rooms", "roles"]

    def clean_roles(self):
        roles = super().clean_roles()
        if not roles:
            raise ValidationError(_("Choose at least one role."))
        return roles


class StaffEditForm(StaffFieldsForm):
    field_order = ["full_name", "employee_no", "department", "title", "phone", "rooms",
                   "roles"]


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)


class TemporaryPasswordForm(forms.Form):
    password = forms.CharField(
        label=_("Temporary password"), max_length=128, strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("R-SEC-2: the person must change it at the next sign-in."))


class OwnPasswordForm(forms.Form):
    current_password = forms.CharField(
        label=_("Current password"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password",
                                          "autofocus": True}))
    new_password = forms.CharField(
        label=_("New password"), strip=False, max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    new_password_again = forms.CharField(
        label=_("New password again"), strip=False, max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    code = forms.CharField(
        label=_("Authenticator code"), max_length=8, required=False,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code",
                                      "inputmode": "numeric"}),
        help_text=_("R-SEC-2: your account has an authenticator; a password alone does not "
                    "change it."))

    def __init__(self, *args, needs_code: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not needs_code:
            del self.fields["code"]

    def clean(self):
        data = super().clean()
        if data.get("new_password") and data.get("new_password_again") \
                and data["new_password"] != data["new_password_again"]:
            self.add_error("new_password_again", _("The two new passwords differ."))
        return data


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        from watchroom.core.people import person_name

        return person_name(obj)


class KnowledgeScopeForm(forms.Form):
    """R-FOOT-6: one person to add to, or remove from, an area's knowledge scope."""

    person = PersonChoiceField(label=_("Person"), queryset=None)

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        from django.contrib.auth import get_user_model

        self.fields["person"].queryset = (people if people is not None
                                          else get_user_model().objects.all())


class WallSoundForm(forms.Form):
    on = forms.TypedChoiceField(label=_("Wall alert sound"), coerce=lambda v: v == "on",
                                choices=[("on", _("On")), ("off", _("Off"))])
