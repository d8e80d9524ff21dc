"""Recordings over the API: the catalogue (read; a delete is refused by R-REC-2), gaps,
holds and retention extensions. Every write is the service call the pages make."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from watchroom.core.api_params import datetime_param, filter_by_id
from watchroom.devices.models import Camera
from watchroom.recording import access, selectors, services
from watchroom.recording.models import Gap, Hold, RetentionExtension, Segment


class SegmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Segment
        fields = ["id", "camera", "start", "end", "path", "bytes", "sha256", "sealed_at",
                  "keep_until", "state", "verified_at", "integrity", "backed_up_at"]


class GapSerializer(serializers.ModelSerializer):
    class Meta:
        model = Gap
        fields = ["id", "camera", "start", "end", "detected_at"]


class HoldSerializer(serializers.ModelSerializer):
    cameras = serializers.PrimaryKeyRelatedField(queryset=Camera.objects.all(), many=True)

    class Meta:
        model = Hold
        fields = ["id", "reason", "link_kind", "link_ref", "cameras", "start", "end",
                  "placed_by", "placed_at", "released_by", "released_at", "release_note"]
        read_only_fields = ["placed_by", "placed_at", "released_by", "released_at",
                            "release_note"]


class ReleaseSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=300)


class ExtensionSerializer(serializers.ModelSerializer):
    class Meta:
        model = RetentionExtension
        fields = ["id", "camera", "days", "reason", "requested_by", "requested_at", "status",
                  "decided_by", "decided_at"]
        read_only_fields = ["requested_by", "requested_at", "status", "decided_by",
                            "decided_at"]
        extra_kwargs = {"days": {"min_value": 1, "max_value": 3650}}


class DecisionSerializer(serializers.Serializer):
    approve = serializers.BooleanField()


_range = [
    OpenApiParameter("camera", int, description="Only this camera."),
    OpenApiParameter("start", str, description="Overlapping from this time (ISO 8601)."),
    OpenApiParameter("end", str, description="Overlapping until this time (ISO 8601)."),
]


def _in_range(queryset, params):
    queryset = filter_by_id(queryset, params, "camera")
    start, end = datetime_param(params, "start"), datetime_param(params, "end")
    if start:
        queryset = queryset.filter(end__gt=start)
    if end:
        queryset = queryset.filter(start__lt=end)
    return queryset


@extend_schema_view(list=extend_schema(parameters=_range))
class SegmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin,
                     viewsets.GenericViewSet):
    """The catalogue. DELETE is answered by the rules: inside retention R-REC-2 refuses it,
    and expired footage is removed by the retention sweep only."""

    serializer_class = SegmentSerializer

    def get_permissions(self):
        if self.action == "destroy":
            return [IsAuthenticated()]
        return super().get_permissions()

    def get_queryset(self):
        queryset = Segment.objects.all()
        if self.action == "list":
            queryset = _in_range(queryset, self.request.query_params)
        return queryset.order_by("camera_id", "start")

    @extend_schema(responses={403: None})
    def destroy(self, request, *args, **kwargs):
        services.segment_delete(actor=request.user, segment=self.get_object())
        return Response(status=204)  # never reached: the service always refuses


@extend_schema_view(list=extend_schema(parameters=_range))
class GapViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = GapSerializer

    def get_queryset(self):
        queryset = Gap.objects.all()
        if self.action == "list":
            queryset = _in_range(queryset, self.request.query_params)
        return queryset.order_by("-start")


class HoldViewSet(mixins.CreateModelMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                  viewsets.GenericViewSet):
    serializer_class = HoldSerializer
    queryset = Hold.objects.prefetch_related("cameras").order_by("-placed_at")

    def perform_create(self, serializer):
        serializer.instance = services.hold_place(actor=self.request.user,
                                                  **serializer.validated_data)

    @extend_schema(request=ReleaseSerializer, responses=HoldSerializer)
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def release(self, request, pk=None):
        body = ReleaseSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        hold = services.hold_release(actor=request.user, hold=self.get_object(),
                                     note=body.validated_data["note"])
        return Response(HoldSerializer(hold).data)


class ExtensionViewSet(mixins.CreateModelMixin, mixins.ListModelMixin,
                       mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = ExtensionSerializer
    queryset = RetentionExtension.objects.order_by("-requested_at")

    def perform_create(self, serializer):
        serializer.instance = services.extension_request(
            actor=self.request.user, **serializer.validated_data)

    @extend_schema(request=DecisionSerializer, responses=ExtensionSerializer,
                   description=str(_("A leader approves or rejects (R-REC-1).")))
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def decide(self, request, pk=None):
        body = DecisionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        extension = services.extension_decide(
            actor=request.user, extension=self.get_object(),
            approve=body.validated_data["approve"])
        return Response(ExtensionSerializer(extension).data)


class CameraStateSerializer(serializers.Serializer):
    camera = serializers.IntegerField()
    code = serializers.CharField()
    state = serializers.CharField()
    label = serializers.CharField()
    since = serializers.DateTimeField(allow_null=True)
    detail = serializers.CharField()
    recording = serializers.BooleanField()
    live_url = serializers.CharField()


@extend_schema_view(list=extend_schema(
    parameters=[OpenApiParameter("camera", int, description="Only this camera.")],
    responses=CameraStateSerializer(many=True),
    description=str(_("Each camera's state as its recorder publishes it (connecting, live, "
                      "reconnecting, offline, unknown, not recorded), for the cameras the "
                      "caller may see (R-FOOT-6)."))))
class CameraStateViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    permission_classes = [IsAuthenticated]
    serializer_class = CameraStateSerializer

    def get_queryset(self):
        return filter_by_id(access.visible_cameras(self.request.user),
                            self.request.query_params, "camera", "pk").order_by("code")

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset().only("pk", "code"))
        states = selectors.camera_states([camera.pk for camera in page])
        rows = [{"camera": camera.pk, "code": camera.code, **states[camera.pk].as_dict()}
                for camera in page]
        return self.get_paginated_response(CameraStateSerializer(rows, many=True).data)


ROUTES = [
    ("camera-states", CameraStateViewSet, "camerastate"),
    ("segments", SegmentViewSet, "segment"),
    ("gaps", GapViewSet, "gap"),
    ("holds", HoldViewSet, "hold"),
    ("retention-extensions", ExtensionViewSet, "retentionextension"),
]
