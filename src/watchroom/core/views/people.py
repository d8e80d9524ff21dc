"""The administrator's pages for staff (add, edit, deactivate, reactivate, password
reset, unlock) and everyone's own password change page. Thin: the services decide."""

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from watchroom.core import selectors, services
from watchroom.core.decorators import allowed
from watchroom.core.login_throttle import is_locked
from watchroom.core.models import StaffProfile
from watchroom.core.people_forms import (
    OwnPasswordForm,
    ReasonForm,
    StaffCreateForm,
    StaffEditForm,
    TemporaryPasswordForm,
)
from watchroom.core.refusals import form_refusal
from watchroom.core.roles import GUARDED_ROLES, roles_of
from watchroom.core.services import accounts, changes, passwords
from watchroom.core.times import WITH_SECONDS, local_text
from watchroom.rules import RuleViolation
from watchroom.twofactor.services import is_enrolled


def _form_page(request, *, form, title, cancel_url, violation=None, template="form.html",
               extra=None):
    context = {"form": form, "page_title": title, "cancel_url": cancel_url,
               "violation": violation, **(extra or {})}
    status = violation.status if violation else (400 if form.errors else 200)
    return render(request, template, context, status=status)


def _run(form, action):
    """Calls the service; a refusal of the input goes beside the form's fields, any other
    refusal becomes the page's violation. Returns (result, violation)."""
    try:
        return action(), None
    except RuleViolation as exc:
        if exc.fields:
            form_refusal(form, exc)
            return None, None
        return None, exc


@allowed("core.add_staffprofile")
def staff_new(request):
    form = StaffCreateForm(request.POST or None)
    violation = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["rooms"] = list(data["rooms"])
        staff, violation = _run(form, lambda: services.staff_create(
            actor=request.user, temporary_password=True, **data))
        if staff is not None:
            messages.success(request, _("%(name)s was added; they choose their own password "
                                        "at the first sign-in.") % {"name": staff.full_name})
            return redirect(staff)
    return _form_page(request, form=form, title=_("Add a staff member"),
                      cancel_url=reverse("core:staff_list"), violation=violation)


@allowed("core.change_staffprofile")
def staff_edit(request, pk):
    person = get_object_or_404(selectors.staff(), pk=pk)
    held = roles_of(person.user)
    form = StaffEditForm(request.POST or None, instance=StaffProfile.objects.get(pk=pk),
                         initial={"roles": [r for r in held if r not in GUARDED_ROLES]})
    violation = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["rooms"] = list(data["rooms"])
        roles = data.pop("roles")
        staff, violation = _run(form, lambda: services.staff_save(
            actor=request.user, staff=person, roles=roles, **data))
        if staff is not None:
            messages.success(request, _("Saved."))
            return redirect(staff)
    return _form_page(request, form=form,
                      title=_("Edit %(name)s") % {"name": person.full_name},
                      cancel_url=person.get_absolute_url(), violation=violation)


def _staff_for_admin(request, pk) -> StaffProfile:
    if not changes.is_administrator(request.user):
        raise PermissionDenied(_("Only an administrator looks after accounts."))
    return get_object_or_404(selectors.staff(), pk=pk)


def _confirm_page(request, *, person, title, text, button, action, done, form=None):
    """A page that says what will happen, with one button (and maybe a form)."""
    form = form or ReasonForm(None)
    violation = None
    if request.method == "POST":
        form.is_valid()
        result, violation = _run(form, lambda: action(getattr(form, "cleaned_data", {})))
        if result is not None:
            messages.success(request, done)
            return redirect(person)
    return _form_page(request, form=form, title=title, cancel_url=person.get_absolute_url(),
                      violation=violation, template="core/confirm.html",
                      extra={"text": text, "button": button})


@allowed()
def staff_deactivate(request, pk):
    person = _staff_for_admin(request, pk)
    return _confirm_page(
        request, person=person, form=ReasonForm(request.POST or None),
        title=_("Deactivate %(name)s") % {"name": person.full_name},
        text=_("%(name)s will no longer sign in, nor be offered on rosters and forms. "
               "Everything they did stays in the records under their name.") % {
            "name": person.full_name},
        button=_("Deactivate"),
        action=lambda data: accounts.staff_deactivate(
            actor=request.user, staff=person, reason=data.get("reason", "")),
        done=_("%(name)s was deactivated.") % {"name": person.full_name})


@allowed()
def staff_reactivate(request, pk):
    person = _staff_for_admin(request, pk)
    return _confirm_page(
        request, person=person,
        title=_("Reactivate %(name)s") % {"name": person.full_name},
        text=_("%(name)s may sign in again and must choose a new password first.") % {
            "name": person.full_name},
        button=_("Reactivate"),
        action=lambda data: accounts.staff_reactivate(actor=request.user, staff=person),
        done=_("%(name)s was reactivated.") % {"name": person.full_name})


@allowed()
def staff_force_password(request, pk):
    person = _staff_for_admin(request, pk)
    return _confirm_page(
        request, person=person,
        title=_("Require a new password from %(name)s") % {"name": person.full_name},
        text=_("%(name)s keeps the current password but must choose a new one at the next "
               "sign-in, and can do nothing else until then.") % {"name": person.full_name},
        button=_("Require a new password"),
        action=lambda data: passwords.password_force_change(actor=request.user,
                                                            staff=person),
        done=_("%(name)s must change their password at the next sign-in.") % {
            "name": person.full_name})


@allowed()
def staff_temporary_password(request, pk):
    person = _staff_for_admin(request, pk)
    form = TemporaryPasswordForm(request.POST or None)
    return _confirm_page(
        request, person=person, form=form,
        title=_("Give %(name)s a temporary password") % {"name": person.full_name},
        text=_("For a forgotten password. Hand it over in person: %(name)s must change it at "
               "the next sign-in, and their open sessions end now.") % {
            "name": person.full_name},
        button=_("Set the temporary password"),
        action=lambda data: passwords.password_set_temporary(
            actor=request.user, staff=person, password=data.get("password", ""))
        if "password" in data else None,
        done=_("The temporary password is set."))


@allowed()
def staff_unlock(request, pk):
    person = _staff_for_admin(request, pk)
    return _confirm_page(
        request, person=person,
        title=_("Unlock the sign-in of %(name)s") % {"name": person.full_name},
        text=_("Wrong passwords locked or slowed the sign-in of %(name)s (R-SEC-2). "
               "Unlocking forgets them at every address.") % {"name": person.full_name},
        button=_("Unlock"),
        action=lambda data: accounts.staff_unlock(actor=request.user, staff=person),
        done=_("The sign-in of %(name)s is unlocked.") % {"name": person.full_name})


def account_actions(user, person) -> list[dict]:
    """The buttons of a staff page, each shown only when its service would allow it."""
    actions = []

    def add(name, label):
        actions.append({"url": reverse(f"core:{name}", args=[person.pk]), "label": label})

    if not changes.is_administrator(user):
        return actions
    add("staff_edit", _("Edit"))
    if passwords.may_reset(user, person):
        add("staff_force_password", _("Require a new password"))
        add("staff_temporary_password", _("Temporary password"))
    if accounts.may_unlock(user, person):
        add("staff_unlock", _("Unlock sign-in"))
    if accounts.deactivation_refusal(user, person) is None:
        add("staff_deactivate", _("Deactivate"))
    if accounts.may_reactivate(user, person) and not set(roles_of(person.user)) & GUARDED_ROLES:
        add("staff_reactivate", _("Reactivate"))
    return actions


def account_fields(user, person) -> list[tuple]:
    """What the person's page says about their account: whether it is active to
    everyone, its password and lock state to an administrator (R-SEC-2)."""

    active = [(_("Account"), _("Active") if person.user.is_active else _("Deactivated"))]
    if not changes.is_administrator(user):
        return active
    refusal = accounts.deactivation_refusal(user, person)
    if person.user.is_active and refusal is not None and refusal.status != 403:
        active.append((_("Cannot be deactivated"), refusal.message))

    reason = passwords.change_required(person.user) if person.user.is_active else None
    must = {passwords.RESET: _("Yes: reset by an administrator"),
            passwords.EXPIRED: _("Yes: older than the policy allows")}.get(reason, _("No"))
    return [
        *active,
        (_("Password last set"), local_text(person.password_changed_at, WITH_SECONDS)),
        (_("Password expires"), local_text(passwords.expires_at(person), WITH_SECONDS)),
        (_("Must change password"), must),
        (_("Sign-in locked"), _("Yes") if is_locked(person.user.get_username()) else _("No")),
    ]


@allowed()
def password_change(request):
    """Everyone's own password; also where a required change sends people (R-SEC-2)."""
    user = request.user
    staff = getattr(user, "staff", None)
    if staff is None:
        raise PermissionDenied(_("This account has no staff record; its password is set on "
                                 "the server."))
    reason = passwords.change_required(user)
    form = OwnPasswordForm(request.POST or None, needs_code=is_enrolled(user))
    violation = None
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()},
                                           require_https=request.is_secure()):
        next_url = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done, violation = _run(form, lambda: passwords.password_change_own(
            actor=user, current_password=data["current_password"],
            new_password=data["new_password"], code=data.get("code", "")))
        if done is not None:
            update_session_auth_hash(request, done.user)
            messages.success(request, _("Your password was changed."))
            return redirect(next_url or "home")
    notice = {
        passwords.RESET: _("An administrator asked you to choose a new password. Change it "
                           "to continue (R-SEC-2)."),
        passwords.EXPIRED: _("Your password is older than the policy allows (%(days)s days). "
                             "Change it to continue (R-SEC-2).") % {
            "days": passwords.max_age_days(staff)},
    }.get(reason, "")
    return _form_page(request, form=form, title=_("Change password"),
                      cancel_url="" if reason else reverse("home"), violation=violation,
                      template="core/password_change.html",
                      extra={"notice": notice, "next": next_url})
