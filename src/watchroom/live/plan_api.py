"""The areas' floor plans over the API: the current plans, one plan with the cameras
placed on it and each camera's state, uploading (or replacing) a plan and placing,
moving or taking off a camera: the same services and refusals as the pages (R-EQUIP-1, R-SEC-1).
Cameras outside the caller's knowledge scope are absent, as on the pages (R-FOOT-6).
It lives with the wall because a camera's state is the recorder's, above devices."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from watchroom.core.api_params import filter_by_id
from watchroom.core.models import Area
from watchroom.core.times import utc_iso
from watchroom.core.validation import invalid
from watchroom.devices import floor_plans, services
from watchroom.devices.models import Camera, FloorPlan
from watchroom.devices.plan_images import MAX_BYTES
from watchroom.live import selectors
from watchroom.recording.access import visible_cameras

RULE = "R-EQUIP-1"


class FloorPlanSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    area = serializers.IntegerField(source="area_id")
    area_name = serializers.CharField(source="area.name")
    name = serializers.CharField()
    content_type = serializers.CharField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    bytes = serializers.IntegerField()
    sha256 = serializers.CharField()
    uploaded_at = serializers.SerializerMethodField()
    replaced_at = serializers.SerializerMethodField()
    image = serializers.SerializerMethodField(help_text=_lazy("The picture's address."))

    def get_uploaded_at(self, plan) -> str:
        return utc_iso(plan.uploaded_at)

    def get_replaced_at(self, plan) -> str | None:
        return utc_iso(plan.replaced_at) if plan.replaced_at else None

    def get_image(self, plan) -> str:
        return reverse("devices:floor_plan_image", args=[plan.pk])


class PlacedCameraStateSerializer(serializers.Serializer):
    state = serializers.CharField()
    label = serializers.CharField()
    recording = serializers.BooleanField()
    since = serializers.CharField(allow_null=True)
    detail = serializers.CharField()


class PlacementSerializer(serializers.Serializer):
    camera = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    x = serializers.FloatField()
    y = serializers.FloatField()
    placed_at = serializers.CharField()
    state = PlacedCameraStateSerializer(allow_null=True)


class FloorPlanDetailSerializer(FloorPlanSerializer):
    placements = PlacementSerializer(many=True)
    may_upload = serializers.BooleanField()
    may_place = serializers.BooleanField()


class FloorPlanUploadSerializer(serializers.Serializer):
    area = serializers.IntegerField(min_value=1)
    file = serializers.FileField(help_text=_lazy("A PNG or JPEG picture of the area."))


class CameraPlaceSerializer(serializers.Serializer):
    camera = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    x = serializers.JSONField(help_text=_lazy("0 (left edge) … 1 (right edge)"))
    y = serializers.JSONField(help_text=_lazy("0 (top edge) … 1 (bottom edge)"))


def _checked(serializer) -> dict:
    """The serializer's data, or the refusal naming each field's problem."""
    if not serializer.is_valid():
        raise invalid(RULE, {k: [str(e) for e in v] for k, v in serializer.errors.items()})
    return serializer.validated_data


def _detail(plan: FloorPlan, user) -> dict:
    places = list(floor_plans.placements(plan, user))
    states = selectors.camera_states(user, [p.camera_id for p in places])
    return {
        **FloorPlanSerializer(plan).data,
        "placements": [{"camera": p.camera_id, "code": p.camera.code, "name": p.camera.name,
                        "x": p.x, "y": p.y, "placed_at": utc_iso(p.placed_at),
                        "state": states.get(p.camera_id)} for p in places],
        "may_upload": floor_plans.floor_plan_upload_refusal(user, plan.area) is None,
        "may_place": floor_plans.camera_place_refusal(user, plan) is None,
    }


@extend_schema_view(list=extend_schema(parameters=[
    OpenApiParameter("area", int, description="Only this area's plan.")]))
class FloorPlanViewSet(viewsets.GenericViewSet):
    permission_classes = [IsAuthenticated]
    serializer_class = FloorPlanSerializer
    queryset = FloorPlan.objects.select_related("area").order_by("area__name", "pk")

    def _viewer(self, request):
        if not request.user.has_perm(floor_plans.VIEW):
            raise PermissionDenied

    def _plan(self, pk) -> FloorPlan:
        if not str(pk).isdigit() or int(pk) > 2**31 - 1:
            raise invalid(RULE, {"id": [_("Enter a record number.")]})
        plan = self.queryset.filter(pk=int(pk)).first()
        if plan is None:
            raise NotFound
        return plan

    def list(self, request):
        """Every area's current floor plan."""
        self._viewer(request)
        plans = filter_by_id(self.queryset.filter(replaced_at__isnull=True),
                             request.query_params, "area")
        page = self.paginate_queryset(plans)
        return self.get_paginated_response(FloorPlanSerializer(page, many=True).data)

    @extend_schema(responses=FloorPlanDetailSerializer)
    def retrieve(self, request, pk=None):
        """One plan with the cameras placed on it that the caller may see (R-FOOT-6) and
        each one's state."""
        self._viewer(request)
        return Response(_detail(self._plan(pk), request.user))

    @extend_schema(request={"multipart/form-data": FloorPlanUploadSerializer},
                   responses={201: FloorPlanDetailSerializer})
    def create(self, request):
        """Upload an area's floor plan, or replace it (the cameras keep their places)."""
        data = _checked(FloorPlanUploadSerializer(data=request.data))
        area = Area.objects.filter(pk=data["area"]).first()
        if area is None:
            raise invalid(RULE, {"area": [_("No such area.")]})
        upload = data["file"]
        # One byte past the limit: the service refuses a larger file without all of it.
        plan = services.floor_plan_upload(actor=request.user, area=area, name=upload.name,
                                          content=upload.read(MAX_BYTES + 1))
        return Response(_detail(plan, request.user), status=201)

    @extend_schema(request=CameraPlaceSerializer, responses={200: FloorPlanDetailSerializer})
    @action(detail=True, methods=["post"], url_path="placements")
    def place(self, request, pk=None):
        """Place a camera of the plan's area on it, or move it (x, y: fractions of the
        plan's width and height)."""
        plan = self._plan(pk)
        data = _checked(CameraPlaceSerializer(data=request.data))
        camera = visible_cameras(request.user, Camera.objects.filter(
            pk=data["camera"])).first()
        if camera is None:
            raise invalid(RULE, {"camera": [_("No such camera.")]})
        services.camera_place(actor=request.user, area=plan.area, camera=camera,
                              x=data["x"], y=data["y"], plan=plan)
        return Response(_detail(plan, request.user))

    @extend_schema(request=None, responses={200: FloorPlanDetailSerializer})
    @action(detail=True, methods=["delete"], url_path=r"placements/(?P<camera>[0-9]{1,10})")
    def unplace(self, request, pk=None, camera=None):
        """Take a camera off the plan (back among the area's cameras not yet placed)."""
        plan = self._plan(pk)
        found = visible_cameras(request.user, Camera.objects.filter(
            pk=min(int(camera), 2**31 - 1))).first()
        if found is None:
            raise invalid(RULE, {"camera": [_("No such camera.")]})
        services.camera_unplace(actor=request.user, area=plan.area, camera=found, plan=plan)
        return Response(_detail(plan, request.user))

