"""Camera health over the REST API: each camera's probes (R-EQUIP-3), blocks (R-EQUIP-5)
and changes (R-EQUIP-4). Every write is the service call the pages make."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from watchroom.core.api_params import filter_by_id
from watchroom.health.models import CameraBlock, CameraChange, HealthCheck
from watchroom.health.selectors import probes as selectors
from watchroom.health.selectors.pages import blocks_visible_to, changes_visible_to
from watchroom.health.services import blocks, changes


class BlockSerializer(serializers.ModelSerializer):
    class Meta:
        model = CameraBlock
        fields = ["id", "camera", "department", "reason", "starts_at", "ends_at", "status",
                  "applied_by", "applied_at", "decided_by", "decided_at", "decision_note",
                  "ended_at", "ended_by", "end_note"]
        read_only_fields = ["department", "status", "applied_by", "applied_at", "decided_by",
                            "decided_at", "decision_note", "ended_at", "ended_by",
                            "end_note"]


class ChangeSerializer(serializers.ModelSerializer):
    class Meta:
        model = CameraChange
        fields = ["id", "camera", "kind", "description", "reason", "planned_start",
                  "planned_end", "status", "requested_by", "requested_at", "decided_by",
                  "decided_at", "decision_note", "done_by", "done_at", "done_note",
                  "closed_at"]
        read_only_fields = ["status", "requested_by", "requested_at", "decided_by",
                            "decided_at", "decision_note", "done_by", "done_at", "done_note",
                            "closed_at"]


class ApprovalSerializer(serializers.Serializer):
    approve = serializers.BooleanField()
    note = serializers.CharField(max_length=500, required=False, allow_blank=True,
                                 default="")


class WorkNoteSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=1000, required=False, allow_blank=True,
                                 default="")


class BlockViewSet(mixins.CreateModelMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                   viewsets.GenericViewSet):
    """Camera blocks: the using department's staff apply (any signed-in member of the
    department responsible for the camera's area), the room head decides."""

    permission_classes = [IsAuthenticated]  # the services ask the rules (R-EQUIP-5)
    serializer_class = BlockSerializer
    queryset = CameraBlock.objects.all()  # narrowed per person in get_queryset

    def get_queryset(self):
        return blocks_visible_to(self.request.user).order_by("-starts_at", "-pk")

    def perform_create(self, serializer):
        serializer.instance = blocks.block_apply(actor=self.request.user,
                                                 **serializer.validated_data)

    @extend_schema(request=ApprovalSerializer, responses=BlockSerializer,
                   description=str(_("The room head approves or refuses (R-EQUIP-5).")))
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        body = ApprovalSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        block = blocks.block_decide(actor=request.user, block=self.get_object(),
                                    **body.validated_data)
        return Response(BlockSerializer(block).data)

    @extend_schema(request=WorkNoteSerializer, responses=BlockSerializer,
                   description=str(_("The applicant or the room head ends the block: the "
                                     "work is finished (R-EQUIP-5).")))
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        body = WorkNoteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        block = blocks.block_end(actor=request.user, block=self.get_object(),
                                 **body.validated_data)
        return Response(BlockSerializer(block).data)


class ChangeViewSet(mixins.CreateModelMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                    viewsets.GenericViewSet):
    """Camera changes (R-EQUIP-4): requested, decided by the room head, done by the
    technician; closed by the new reference picture."""

    serializer_class = ChangeSerializer
    queryset = CameraChange.objects.all()

    def get_queryset(self):
        return changes_visible_to(self.request.user).order_by("-requested_at", "-pk")

    def perform_create(self, serializer):
        serializer.instance = changes.change_request(actor=self.request.user,
                                                     **serializer.validated_data)

    @extend_schema(request=ApprovalSerializer, responses=ChangeSerializer,
                   description=str(_("The room head approves or refuses (R-EQUIP-4).")))
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def decide(self, request, pk=None):
        body = ApprovalSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        change = changes.change_decide(actor=request.user, change=self.get_object(),
                                       **body.validated_data)
        return Response(ChangeSerializer(change).data)

    @extend_schema(request=WorkNoteSerializer, responses=ChangeSerializer,
                   description=str(_("The technician records what was changed "
                                     "(R-EQUIP-4).")))
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def done(self, request, pk=None):
        body = WorkNoteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        change = changes.change_done(actor=request.user, change=self.get_object(),
                                     **body.validated_data)
        return Response(ChangeSerializer(change).data)


class HealthCheckSerializer(serializers.ModelSerializer):
    camera_code = serializers.CharField(source="camera.code", read_only=True)
    picture_url = serializers.SerializerMethodField()

    class Meta:
        model = HealthCheck
        fields = ["id", "camera", "camera_code", "checked_at", "ok", "reachable", "source",
                  "codec", "width", "height", "fps", "kbps", "verdicts", "problems",
                  "excused", "duration_ms", "picture_url"]

    def get_picture_url(self, check) -> str | None:
        """The probe's picture, for the callers who may see the camera (R-FOOT-6)."""
        user = self.context["request"].user
        if not check.picture or not selectors.picture_visible(user, check.camera):
            return None
        return reverse("health:picture", args=[check.pk])


@extend_schema_view(list=extend_schema(
    parameters=[OpenApiParameter("camera", int, description="Only this camera's checks.")],
    description=str(_("Each probe of each camera, newest first: what was measured, the "
                      "image checks' scores and thresholds, the problems found and those "
                      "excused (R-EQUIP-3)."))))
class HealthCheckViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = HealthCheckSerializer
    queryset = HealthCheck.objects.none()

    def get_queryset(self):
        checks = HealthCheck.objects.select_related("camera__area").order_by(
            "-checked_at", "-pk")
        return filter_by_id(checks, self.request.query_params, "camera")


ROUTES = [
    ("health/checks", HealthCheckViewSet, "healthcheck"),
    ("camera-blocks", BlockViewSet, "camerablock"),
    ("camera-changes", ChangeViewSet, "camerachange"),
]
