"""Footage requests over the API: the same services as the pages, so the same rules."""

import base64
import binascii

from django.http import FileResponse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from watchroom.core.choices import RequesterType
from watchroom.devices.models import Camera
from watchroom.footage import selectors, services
from watchroom.footage.choices import ApprovalDecision, AttachmentKind, Need
from watchroom.footage.models import Approval, Export, FootageRequest, Handover, ScopeItem
from watchroom.footage.rules import MAX_ATTACHMENT_BYTES, Upload


class RangeSerializer(serializers.Serializer):
    camera = serializers.PrimaryKeyRelatedField(queryset=Camera.objects.all())
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()


class OfficerSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=30, allow_blank=True)
    badge = serializers.CharField(max_length=30, allow_blank=True)


class UploadSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=AttachmentKind.choices)
    name = serializers.CharField(max_length=200)
    content_base64 = serializers.CharField(max_length=2 * MAX_ATTACHMENT_BYTES)

    def validate_content_base64(self, value):
        try:
            return base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            raise serializers.ValidationError(_("Not base64.")) from None


class ScopeItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = ScopeItem
        fields = ["id", "version", "camera", "start", "end"]


class ApprovalSerializer(serializers.ModelSerializer):
    class Meta:
        model = Approval
        fields = ["scope_version", "step", "role", "approver", "decision", "comment",
                  "decided_at", "second_factor"]


class HandoverSerializer(serializers.ModelSerializer):
    class Meta:
        model = Handover
        fields = ["id", "export", "recipient_name", "recipient_unit", "recipient_id_number",
                  "items", "handed_by", "handed_at"]
        read_only_fields = ["handed_by", "handed_at"]


class RequestSerializer(serializers.ModelSerializer):
    scope = serializers.SerializerMethodField()
    approvals = ApprovalSerializer(many=True, read_only=True)
    handovers = HandoverSerializer(many=True, read_only=True)

    class Meta:
        model = FootageRequest
        fields = ["id", "number", "requester_type", "requester_name", "requester_unit",
                  "requester_contact", "requester_id_number", "officers", "purpose", "need",
                  "originals",
                  "status", "chain", "step", "scope_version", "privacy_sensitive",
                  "entered_by", "entered_at", "approved_at", "valid_until", "scope",
                  "approvals", "handovers"]

    @extend_schema_field(ScopeItemSerializer(many=True))
    def get_scope(self, obj):
        return ScopeItemSerializer(selectors.current_scope(obj), many=True).data


class NewRequestSerializer(serializers.Serializer):
    requester_type = serializers.ChoiceField(choices=RequesterType.choices)
    requester_name = serializers.CharField(max_length=60, allow_blank=True)
    requester_unit = serializers.CharField(max_length=100, allow_blank=True)
    requester_contact = serializers.CharField(max_length=60, allow_blank=True)
    requester_id_number = serializers.CharField(max_length=40, allow_blank=True)
    purpose = serializers.CharField(max_length=2000, allow_blank=True)
    need = serializers.ChoiceField(choices=Need.choices)
    originals = serializers.BooleanField(required=False, default=False)
    scope = RangeSerializer(many=True)
    officers = OfficerSerializer(many=True, required=False)
    attachments = UploadSerializer(many=True, required=False)


class DecideSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=ApprovalDecision.choices)
    # Optional here so that a decision without it is refused by the rule (R-FOOT-2), as
    # the page refuses it: a session or API token alone never decides.
    code = serializers.CharField(max_length=8, required=False, allow_blank=True, default="",
                                 help_text="A fresh code from the approver's authenticator.")
    comment = serializers.CharField(max_length=500, required=False, allow_blank=True)
    step = serializers.IntegerField(min_value=0, max_value=50)
    scope_version = serializers.IntegerField(min_value=1, max_value=1_000_000)


class ScopeSerializer(serializers.Serializer):
    scope = RangeSerializer(many=True)


class NewExportSerializer(serializers.Serializer):
    ranges = RangeSerializer(many=True, required=False)
    merged_clip = serializers.BooleanField(required=False, default=False)
    watermark = serializers.BooleanField(required=False, default=False)


class ExportSerializer(serializers.ModelSerializer):
    class Meta:
        model = Export
        fields = ["id", "request", "created_by", "created_at", "ranges", "merged_clip",
                  "watermark", "state", "progress", "bytes", "sha256", "finished_at", "error",
                  "attempts", "heartbeat_at", "attempt_log"]


def _ranges(items):
    return [(i["camera"], i["start"], i["end"]) for i in items]


class _SeesRequests(IsAuthenticated):
    def has_permission(self, request, view):
        return selectors.may_see_requests(request.user)


class FootageRequestViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin,
                            viewsets.GenericViewSet):
    """The register (a department requester sees the requests they filed)."""

    serializer_class = RequestSerializer
    queryset = FootageRequest.objects.order_by("-entered_at")

    def get_queryset(self):
        return selectors.visible_requests(self.request.user).prefetch_related(
            "approvals", "handovers").order_by("-entered_at")

    def get_permissions(self):
        if self.action in ("list", "retrieve"):
            return [_SeesRequests()]
        return super().get_permissions()

    @extend_schema(request=NewRequestSerializer, responses={201: RequestSerializer})
    def create(self, request):
        body = NewRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        uploads = [Upload(a["kind"], a["name"], a["content_base64"])
                   for a in data.pop("attachments", [])]
        filed = services.request_create(
            actor=request.user, scope=_ranges(data.pop("scope")),
            officers=data.pop("officers", []), uploads=uploads, **data)
        return Response(RequestSerializer(filed).data, status=201)

    @extend_schema(request=DecideSerializer, responses=ApprovalSerializer)
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def decide(self, request, pk=None):
        body = DecideSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        approval = services.request_decide(actor=request.user, request=self.get_object(),
                                           **body.validated_data)
        return Response(ApprovalSerializer(approval).data)

    @extend_schema(request=ScopeSerializer, responses=RequestSerializer)
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def scope(self, request, pk=None):
        body = ScopeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        changed = services.request_scope_change(actor=request.user, request=self.get_object(),
                                                scope=_ranges(body.validated_data["scope"]))
        return Response(RequestSerializer(changed).data)

    @extend_schema(request=NewExportSerializer, responses={201: ExportSerializer})
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def exports(self, request, pk=None):
        body = NewExportSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        ranges = body.validated_data.get("ranges")
        export = services.export_create(
            actor=request.user, request=self.get_object(),
            ranges=_ranges(ranges) if ranges else None,
            merged_clip=body.validated_data["merged_clip"],
            watermark=body.validated_data["watermark"])
        return Response(ExportSerializer(export).data, status=201)

    @extend_schema(request=HandoverSerializer, responses={201: HandoverSerializer})
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def handover(self, request, pk=None):
        body = HandoverSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        handover = services.handover_create(actor=request.user, request=self.get_object(), **data)
        return Response(HandoverSerializer(handover).data, status=201)


class ExportViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ExportSerializer
    queryset = Export.objects.select_related("request").order_by("-created_at")

    def get_permissions(self):
        if self.action == "download":
            return [IsAuthenticated()]
        return [IsAuthenticated(), _CanView()]

    @extend_schema(responses={(200, "application/zip"): bytes})
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        export = self.get_object()
        services.export_download(actor=request.user, export=export)
        path = selectors.exports_dir() / export.path
        return FileResponse(open(path, "rb"), as_attachment=True,
                            filename=path.name, content_type="application/zip")


class _CanView(IsAuthenticated):
    def has_permission(self, request, view):
        return request.user.has_perm(selectors.VIEW)


ROUTES = [
    ("footage-requests", FootageRequestViewSet, "footagerequest"),
    ("exports", ExportViewSet, "export"),
]
