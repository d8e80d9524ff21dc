"""Duty over the API: the same services as the pages, so the same rules."""

from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from watchroom.core.models import MonitoringRoom
from watchroom.devices.models import Camera
from watchroom.duty import services
from watchroom.duty.choices import AbsenceKind, Hygiene, LogCategory
from watchroom.duty.models import Attendance, CheckItem, Handover, LogEntry, PostAbsence, ShiftCheck
from watchroom.duty.selectors import board, checks, log

ROOMS = MonitoringRoom.objects.select_related("site__policy")


class RoomField(serializers.PrimaryKeyRelatedField):
    def __init__(self, **kwargs):
        super().__init__(queryset=ROOMS, **kwargs)


class LogEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = LogEntry
        fields = ["id", "room", "at", "camera", "area", "category", "seen", "done", "told",
                  "author", "created_at", "changed_at", "corrects", "locked_at", "handover"]
        read_only_fields = ["area", "author", "created_at", "changed_at", "locked_at",
                            "handover"]


class NewLogEntrySerializer(serializers.Serializer):
    room = RoomField()
    category = serializers.ChoiceField(choices=LogCategory.choices, default=LogCategory.ROUTINE)
    seen = serializers.CharField(max_length=2000)
    done = serializers.CharField(max_length=2000, required=False, allow_blank=True,
                                 default="")
    told = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    camera = serializers.PrimaryKeyRelatedField(queryset=Camera.objects.all(), required=False,
                                                allow_null=True, default=None)
    at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    corrects = serializers.PrimaryKeyRelatedField(queryset=LogEntry.objects.all(),
                                                  required=False, allow_null=True,
                                                  default=None)


class LogEntryViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin,
                      viewsets.GenericViewSet):
    """The duty log (R-DUTY-4): filter by room, category, text; newest first."""

    serializer_class = LogEntrySerializer
    queryset = LogEntry.objects.order_by("-at", "-pk")

    def get_queryset(self):
        params = self.request.query_params
        room = params.get("room", "")
        category = params.get("category", "")
        return log.search(
            room=get_object_or_404(MonitoringRoom, pk=room) if room.isdigit() else None,
            query=params.get("q", "")[:200],
            category=category if category in LogCategory.values else "")

    @extend_schema(parameters=[OpenApiParameter("room", int), OpenApiParameter("q", str),
                               OpenApiParameter("category", str, enum=LogCategory.values)])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=NewLogEntrySerializer, responses={201: LogEntrySerializer})
    def create(self, request):
        body = NewLogEntrySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        entry = services.log_entry_write(actor=request.user, **data)
        return Response(LogEntrySerializer(entry).data, status=201)


class AttendanceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Attendance
        fields = ["id", "room", "person", "duty", "status", "due_at", "on_at", "off_at",
                  "late_minutes", "early_minutes"]


class ClockSerializer(serializers.Serializer):
    room = RoomField()
    person = serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1,
                                      help_text="only yourself (R-DUTY-2)")


class AttendanceViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Clocking on and off as the authenticated user (R-DUTY-2, R-HAND-3)."""

    serializer_class = AttendanceSerializer
    queryset = Attendance.objects.order_by("-pk")

    @extend_schema(request=ClockSerializer, responses={201: AttendanceSerializer})
    @action(detail=False, methods=["post"], url_path="clock-on")
    def clock_on(self, request):
        body = ClockSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        person_id = body.validated_data.get("person")
        person = None
        if person_id is not None:
            person = get_user_model().objects.filter(pk=person_id).first()
            if person is None:
                return Response({"person": [_("There is no such person.")]}, status=400)
        record = services.attendance_clock_on(actor=request.user, room=body.validated_data["room"],
                                     person=person)
        return Response(AttendanceSerializer(record).data, status=201)

    @extend_schema(request=ClockSerializer, responses=AttendanceSerializer)
    @action(detail=False, methods=["post"], url_path="clock-off")
    def clock_off(self, request):
        body = ClockSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        record = services.attendance_clock_off(actor=request.user, room=body.validated_data["room"])
        return Response(AttendanceSerializer(record).data)


class AbsenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = PostAbsence
        fields = ["id", "room", "kind", "person", "substitute", "reason", "minutes", "status",
                  "requested_at", "confirmed_at", "decided_by", "decided_at", "note",
                  "started_at", "ended_at"]
        read_only_fields = ["person", "status", "requested_at", "confirmed_at", "decided_by",
                            "decided_at", "note", "started_at", "ended_at"]


class NewAbsenceSerializer(serializers.Serializer):
    room = RoomField()
    kind = serializers.ChoiceField(choices=AbsenceKind.choices)
    substitute = serializers.PrimaryKeyRelatedField(
        queryset=get_user_model().objects.filter(is_active=True))
    reason = serializers.CharField(max_length=300)
    minutes = serializers.IntegerField(required=False, allow_null=True, min_value=1,
                                       max_value=1440, default=None)


class AbsenceDecisionSerializer(serializers.Serializer):
    approve = serializers.BooleanField()
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class AbsenceViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin,
                     viewsets.GenericViewSet):
    """Leaving the post and swaps (R-DUTY-3)."""

    serializer_class = AbsenceSerializer
    queryset = PostAbsence.objects.order_by("-requested_at", "-pk")

    @extend_schema(request=NewAbsenceSerializer, responses={201: AbsenceSerializer})
    def create(self, request):
        body = NewAbsenceSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        record = services.absence_request(actor=request.user, **body.validated_data)
        return Response(AbsenceSerializer(record).data, status=201)

    @extend_schema(request=None, responses=AbsenceSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        record = services.absence_confirm(actor=request.user, absence=self.get_object())
        return Response(AbsenceSerializer(record).data)

    @extend_schema(request=AbsenceDecisionSerializer, responses=AbsenceSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        body = AbsenceDecisionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        record = services.absence_decide(actor=request.user, absence=self.get_object(),
                                         **body.validated_data)
        return Response(AbsenceSerializer(record).data)

    @extend_schema(request=None, responses=AbsenceSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        record = services.absence_end(actor=request.user, absence=self.get_object())
        return Response(AbsenceSerializer(record).data)


class CheckItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = CheckItem
        fields = ["kind", "subject", "recorder", "ok", "offset_seconds", "clock_reading", "note"]


class ShiftCheckSerializer(serializers.ModelSerializer):
    items = CheckItemSerializer(many=True, read_only=True)

    class Meta:
        model = ShiftCheck
        fields = ["id", "room", "shift_start", "checked_by", "checked_at", "ok", "items"]


class CheckResultSerializer(serializers.Serializer):
    key = serializers.CharField(max_length=60, help_text="a key of the room's checklist")
    ok = serializers.BooleanField()
    offset = serializers.IntegerField(
        required=False, allow_null=True, min_value=-86400, max_value=86400, default=None,
        help_text="a clock's seconds off; ignored for a clock the checklist marks measured "
                  "(read over ONVIF at submission, R-DUTY-5)")
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class NewCheckSerializer(serializers.Serializer):
    room = RoomField()
    results = CheckResultSerializer(many=True)


class ShiftCheckViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin,
                        viewsets.GenericViewSet):
    """Pre-shift checks (R-DUTY-5); the checklist's keys come from `checklist`."""

    serializer_class = ShiftCheckSerializer
    queryset = ShiftCheck.objects.prefetch_related("items").order_by("-shift_start")

    @extend_schema(request=NewCheckSerializer, responses={201: ShiftCheckSerializer})
    def create(self, request):
        body = NewCheckSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        results = {r["key"]: r for r in body.validated_data["results"]}
        check = services.check_submit(actor=request.user, room=body.validated_data["room"],
                                    results=results)
        return Response(ShiftCheckSerializer(check).data, status=201)

    @extend_schema(parameters=[OpenApiParameter("room", int, required=True)],
                   responses={200: serializers.ListSerializer(child=serializers.DictField())})
    @action(detail=False, methods=["get"])
    def checklist(self, request):
        room = request.query_params.get("room", "")
        room = get_object_or_404(ROOMS, pk=room) if room.isdigit() else None
        if room is None:
            return Response({"room": [_("Give the room.")]}, status=400)
        return Response([{"key": s.key, "kind": s.kind, "subject": s.label,
                          "measured": s.measured} for s in checks.checklist(room)])


class ShiftHandoverSerializer(serializers.ModelSerializer):
    class Meta:
        model = Handover
        fields = ["id", "room", "shift_start", "status", "outgoing_people", "incoming_people",
                  "events", "open_alerts", "continuing", "instructions", "equipment",
                  "hygiene", "hygiene_note", "items", "outgoing_signer", "outgoing_signed_at",
                  "incoming_signer", "decided_at", "refused_items", "replaces",
                  "content_hash"]


class ShiftHandoverItemSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    count = serializers.IntegerField(min_value=0, max_value=10000)
    ok = serializers.BooleanField()
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class SignatureSerializer(serializers.Serializer):
    password = serializers.CharField(max_length=200, required=False, allow_blank=True,
                                     default="", style={"input_type": "password"})
    code = serializers.CharField(max_length=8, required=False, allow_blank=True, default="")


class SignOutSerializer(SignatureSerializer):
    room = RoomField()
    continuing = serializers.CharField(max_length=4000, required=False, allow_blank=True,
                                       default="")
    instructions = serializers.CharField(max_length=4000, required=False, allow_blank=True,
                                         default="")
    equipment = serializers.CharField(max_length=4000, required=False, allow_blank=True,
                                      default="")
    hygiene = serializers.ChoiceField(choices=Hygiene.choices)
    hygiene_note = serializers.CharField(max_length=300, required=False, allow_blank=True,
                                         default="")
    items = ShiftHandoverItemSerializer(many=True, required=False, default=None, allow_null=True)


class RefuseSerializer(SignatureSerializer):
    reasons = serializers.CharField(max_length=2000)


class HandoverViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin,
                      viewsets.GenericViewSet):
    """Handovers (R-HAND-2…5): the authenticated user signs with their own password or
    authenticator code; accepted or refused, a handover never changes."""

    serializer_class = ShiftHandoverSerializer
    queryset = Handover.objects.order_by("-outgoing_signed_at", "-pk")

    @extend_schema(request=SignOutSerializer, responses={201: ShiftHandoverSerializer})
    def create(self, request):
        body = SignOutSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        record = services.handover_sign(actor=request.user, **body.validated_data)
        return Response(ShiftHandoverSerializer(record).data, status=201)

    @extend_schema(request=SignatureSerializer, responses=ShiftHandoverSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        body = SignatureSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        record = services.handover_accept(actor=request.user, handover=self.get_object(),
                                 **body.validated_data)
        return Response(ShiftHandoverSerializer(record).data)

    @extend_schema(request=RefuseSerializer, responses=ShiftHandoverSerializer)
    @action(detail=True, methods=["post"])
    def refuse(self, request, pk=None):
        body = RefuseSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        record = services.handover_refuse(actor=request.user, handover=self.get_object(),
                                 **body.validated_data)
        return Response(ShiftHandoverSerializer(record).data)


class BoardSerializer(serializers.Serializer):
    now = serializers.DateTimeField()
    responsible = serializers.ListField(child=serializers.IntegerField())
    awaiting_shift = serializers.DateTimeField(allow_null=True)
    clocked_on = serializers.ListField(child=serializers.IntegerField())
    short_shifts = serializers.ListField(child=serializers.DateTimeField())
    unchecked_shifts = serializers.ListField(child=serializers.DateTimeField())
    pending_handovers = serializers.ListField(child=serializers.IntegerField())
    refused_handovers = serializers.ListField(child=serializers.IntegerField())
    open_alerts = serializers.IntegerField()


class BoardViewSet(viewsets.GenericViewSet):
    """The room head's board of a room, as figures."""

    serializer_class = BoardSerializer
    queryset = Handover.objects.none()

    @extend_schema(parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH,
                                                description="monitoring room")],
                   responses=BoardSerializer)
    def retrieve(self, request, pk=None):
        room = get_object_or_404(ROOMS, pk=pk) if str(pk).isdigit() else None
        if room is None:
            return Response({"detail": _("There is no such monitoring room.")}, status=404)
        b = board.build(room, timezone.now())
        return Response(BoardSerializer({
            "now": b["now"], "responsible": b["duty"].team,
            "awaiting_shift": b["duty"].awaiting.start if b["duty"].awaiting else None,
            "clocked_on": [a.person_id for a in b["here"]],
            "short_shifts": [r["shift"].start for r in b["coverage"] if not r["ok"]],
            "unchecked_shifts": [s.start for s in b["unchecked"]],
            "pending_handovers": [h.pk for h in b["pending"]],
            "refused_handovers": [h.pk for h in b["refused"]],
            "open_alerts": len(b["alerts"])}).data)


ROUTES = [
    ("duty/log", LogEntryViewSet, "duty-log"),
    ("duty/attendance", AttendanceViewSet, "duty-attendance"),
    ("duty/absences", AbsenceViewSet, "duty-absence"),
    ("duty/checks", ShiftCheckViewSet, "duty-check"),
    ("duty/handovers", HandoverViewSet, "duty-handover"),
    ("duty/boards", BoardViewSet, "duty-board"),
]
