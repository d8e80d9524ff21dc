"""The incidents over the API (/api/incidents/): list, read, report and close, through
the same services as the pages."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from watchroom.core.api_base import ServiceViewSet
from watchroom.core.models import Area, MonitoringRoom
from watchroom.devices.models import Camera
from watchroom.incidents import services
from watchroom.incidents.choices import IncidentCategory, IncidentGrade
from watchroom.incidents.models import Incident


class IncidentSerializer(serializers.ModelSerializer):
    room = serializers.PrimaryKeyRelatedField(queryset=MonitoringRoom.objects.all(),
                                              required=False, allow_null=True)
    area = serializers.PrimaryKeyRelatedField(queryset=Area.objects.all(), required=False,
                                              allow_null=True)
    cameras = serializers.PrimaryKeyRelatedField(queryset=Camera.objects.all(), many=True,
                                                 required=False)
    category = serializers.ChoiceField(choices=IncidentCategory.choices)
    grade = serializers.ChoiceField(choices=IncidentGrade.choices, required=False)
    occurred_at = serializers.DateTimeField(required=False)
    holds = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Incident
        fields = ["id", "site", "room", "area", "cameras", "occurred_at", "reported_at",
                  "reported_by", "title", "seen", "category", "grade", "told", "status",
                  "source", "log_entry", "alert", "footage_start", "footage_end", "holds",
                  "disposal", "result", "closed_by", "closed_at", "review_cause",
                  "review_lessons", "review_measures", "reviewed_by", "reviewed_at"]
        read_only_fields = ["id", "site", "reported_at", "reported_by", "status", "source",
                            "log_entry", "alert", "footage_start", "holds", "disposal",
                            "result", "closed_by", "closed_at", "review_cause",
                            "review_lessons", "review_measures", "reviewed_by",
                            "reviewed_at"]


class CloseSerializer(serializers.Serializer):
    disposal = serializers.CharField(allow_blank=True)
    result = serializers.CharField(allow_blank=True)


class IncidentViewSet(ServiceViewSet):
    queryset = (Incident.objects.select_related("room", "area")
                .prefetch_related("cameras", "holds").order_by("-occurred_at", "-pk"))
    serializer_class = IncidentSerializer
    create_service = services.incident_create
    http_method_names = ["get", "post", "head", "options"]

    @extend_schema(request=CloseSerializer, responses=IncidentSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        body = CloseSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        incident = services.incident_close(actor=request.user, incident=self.get_object(),
                                           **body.validated_data)
        return Response(IncidentSerializer(incident).data)


ROUTES = [("incidents", IncidentViewSet, "incident")]
