"""What the duty pages share: the room of a page, the person who signs on a shared
screen, names of people, the page of one's own room."""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _

from watchroom.core.decorators import allowed
from watchroom.core.models import MonitoringRoom
from watchroom.duty.selectors import shifts


def to_first_room(name: str):
    """A view that opens page `name` of the user's own room (the first if several),
    else of the first room."""
    @allowed()
    def view(request):
        staff = getattr(request.user, "staff", None)
        room = (staff.rooms.order_by("code").first() if staff else None) or \
            MonitoringRoom.objects.order_by("code").first()
        if room is None:
            raise Http404(_("There is no monitoring room yet."))
        return redirect(name, room.pk)
    return view


ROOMS = MonitoringRoom.objects.select_related("site__policy")


def room_or_404(pk) -> MonitoringRoom:
    return get_object_or_404(ROOMS, pk=pk)


def names_of(ids) -> list[str]:
    ids = list(ids)
    found = shifts.names(ids)
    return [found[i] for i in ids if i in found]
