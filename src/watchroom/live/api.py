"""The wall's layouts over the API: read the layout one comes back to (one's own and
the room's, as the caller sees them: R-FOOT-6), and save one through the same service as
the page. Cameras' states are recording's (`/api/camera-states/`)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from watchroom.core.times import utc_iso
from watchroom.live import selectors, services
from watchroom.live.choices import GridSize
from watchroom.live.models import WallLayout
from watchroom.live.plan_api import FloorPlanViewSet


class LayoutSerializer(serializers.Serializer):
    scope = serializers.ChoiceField(choices=["person", "room"], read_only=True)
    grid = serializers.ChoiceField(choices=GridSize.values)
    pages = serializers.ListField(child=serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=services.MAX_ID - 1,
                                       allow_null=True), max_length=16),
        max_length=selectors.MAX_PAGES)
    cycle_seconds = serializers.IntegerField(min_value=0, max_value=selectors.CYCLE_MAX_S,
                                             default=0)
    room = serializers.BooleanField(default=False, write_only=True,
                                    help_text=_("the room's layout"))
    changed_at = serializers.CharField(read_only=True)


def _shown(layout: WallLayout, scope: str, user) -> dict:
    return {"scope": scope, **selectors.layout_for_viewer(layout, user),
            "changed_at": utc_iso(layout.changed_at)}


class WallLayoutViewSet(viewsets.GenericViewSet):
    permission_classes = [IsAuthenticated]
    serializer_class = LayoutSerializer

    def _watcher(self, request):
        if not request.user.has_perm(selectors.WATCH):
            raise PermissionDenied

    def list(self, request):
        """The caller's own layout and their room's, where they exist."""
        self._watcher(request)
        room = selectors.room_of(request.user)
        rows = [_shown(layout, "person", request.user)
                for layout in WallLayout.objects.filter(person=request.user)]
        if room is not None:
            rows += [_shown(layout, "room", request.user)
                     for layout in WallLayout.objects.filter(room=room)]
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(LayoutSerializer(page, many=True).data)

    @extend_schema(request=LayoutSerializer, responses=LayoutSerializer)
    def create(self, request):
        """Save the caller's own layout, or (`room`: true, room heads) their room's."""
        self._watcher(request)
        serializer = LayoutSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        room = selectors.room_of(request.user) if data["room"] else None
        layout = services.wall_layout_save(actor=request.user, grid=data["grid"],
                                           pages=data["pages"],
                                           cycle_seconds=data["cycle_seconds"], room=room)
        return Response(_shown(layout, "room" if room else "person", request.user),
                        status=201)


ROUTES = [("wall-layouts", WallLayoutViewSet, "walllayout"),
          ("floor-plans", FloorPlanViewSet, "floorplan")]
