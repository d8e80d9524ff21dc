"""An area's knowledge scope (R-FOOT-6) and a room's wall alert sound: the buttons on
the area's and the room's pages and what they post to."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from watchroom.core import selectors
from watchroom.core.decorators import allowed
from watchroom.core.models import Area, MonitoringRoom
from watchroom.core.people import person_name
from watchroom.core.people_forms import KnowledgeScopeForm, WallSoundForm
from watchroom.core.refusals import flash_refusal
from watchroom.core.services import rooms_and_scope as services
from watchroom.rules import RuleViolation


def scope_context(user, area: Area) -> dict:
    """What the area's page shows of its knowledge scope, and the forms when allowed."""
    may_change = selectors.knowledge_scope_change_refusal(user, area) is None
    return {
        "scope_people": list(selectors.knowledge_scope_people(area)),
        "scope_may_change": may_change,
        "scope_form": KnowledgeScopeForm(people=services.scope_candidates(area))
        if may_change else None,
    }


def room_context(user, room: MonitoringRoom) -> dict:
    return {"room": room,
            "wall_sound_may_set": selectors.wall_sound_set_refusal(user, room) is None}


def _posted(request, form, run, done: str):
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return
    try:
        run(form.cleaned_data)
    except RuleViolation as exc:
        flash_refusal(request, exc)
    else:
        messages.success(request, done)


@require_POST
@allowed("core.view_area")
def area_scope_add(request, pk):
    area = get_object_or_404(Area, pk=pk)
    form = KnowledgeScopeForm(request.POST, people=get_user_model().objects.all())
    _posted(request, form, lambda data: services.knowledge_scope_add(
        actor=request.user, area=area, person=data["person"]),
        _("%(person)s was added to the knowledge scope.") % {
            "person": person_name(form.cleaned_data["person"])} if form.is_valid() else "")
    return redirect(area)


@require_POST
@allowed("core.view_area")
def area_scope_remove(request, pk):
    area = get_object_or_404(Area, pk=pk)
    form = KnowledgeScopeForm(request.POST, people=area.knowledge_scope.all())
    _posted(request, form, lambda data: services.knowledge_scope_remove(
        actor=request.user, area=area, person=data["person"]),
        _("%(person)s was removed from the knowledge scope.") % {
            "person": person_name(form.cleaned_data["person"])} if form.is_valid() else "")
    return redirect(area)


@require_POST
@allowed("core.view_monitoringroom")
def room_wall_sound(request, pk):
    room = get_object_or_404(MonitoringRoom, pk=pk)
    form = WallSoundForm(request.POST)
    _posted(request, form, lambda data: services.room_wall_sound_set(
        actor=request.user, room=room, on=data["on"]),
        _("The wall's alert sound was turned on.") if form.data.get("on") == "on"
        else _("The wall's alert sound was turned off."))
    return redirect(room)
