"""Camera health over the API (R-EQUIP-3): each camera's probes, newest first."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from watchroom.core.api_params import filter_by_id
from watchroom.health.models import HealthCheck
from watchroom.health.selectors import probes as selectors


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


ROUTES = [("health/checks", HealthCheckViewSet, "healthcheck")]
