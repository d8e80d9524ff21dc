"""Alerts over the API: read, and acknowledge. Alerts are raised by the system only."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from watchroom.alerts import selectors, services
from watchroom.alerts.models import Alert


class AlertSerializer(serializers.ModelSerializer):
    class Meta:
        model = Alert
        fields = ["id", "kind", "severity", "key", "message", "target_type", "target_id",
                  "target_label", "opened_at", "acknowledged_by", "acknowledged_at",
                  "closed_at", "close_note"]


class AlertViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = AlertSerializer

    def get_queryset(self):
        return selectors.by_urgency()

    @extend_schema(request=None, responses=AlertSerializer)
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def acknowledge(self, request, pk=None):
        if not request.user.has_perm("alerts.acknowledge_alert"):
            raise PermissionDenied
        alert = services.alert_acknowledge(actor=request.user, alert=self.get_object())
        return Response(AlertSerializer(alert).data)


ROUTES = [("alerts", AlertViewSet, "alert")]

