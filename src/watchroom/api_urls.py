"""The REST API: each app lists its routes in `<app>/api.py` as ROUTES."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from watchroom.alerts import api as alerts_api
from watchroom.audit import api as audit_api
from watchroom.core import api as core_api
from watchroom.devices import api as devices_api
from watchroom.duty import api as duty_api
from watchroom.footage import api as footage_api
from watchroom.health import api as health_api
from watchroom.incidents import api as incidents_api
from watchroom.live import api as live_api
from watchroom.recording import api as recording_api

router = DefaultRouter()
for module in (core_api, devices_api, recording_api, footage_api, duty_api, alerts_api,
               audit_api, live_api, health_api, incidents_api):
    for prefix, viewset, basename in module.ROUTES:
        router.register(prefix, viewset, basename=basename)

urlpatterns = [
    path("auth/token/", core_api.ObtainTokenView.as_view(), name="api-token"),
    path("", include(router.urls)),
]
