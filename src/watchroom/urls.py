from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from watchroom.core.decorators import allowed
from watchroom.core.views import authenticator
from watchroom.core.views import pages as core_views
from watchroom.core.views import people as people_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("login/", core_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", people_views.password_change, name="password_change"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("core/", include("watchroom.core.urls")),
    path("devices/", include("watchroom.devices.urls")),
    path("audit/", include("watchroom.audit.urls")),
    path("recording/", include("watchroom.recording.urls")),
    path("alerts/", include("watchroom.alerts.urls")),
    path("footage/", include("watchroom.footage.urls")),
    path("duty/", include("watchroom.duty.urls")),
    path("wall/", include("watchroom.live.urls")),
    path("health/", include("watchroom.health.urls")),
    path("care/", include("watchroom.care.urls")),
    path("incidents/", include("watchroom.incidents.urls")),
    path("notifications/", include("watchroom.notifications.urls")),
    path("authenticator/", authenticator.enrol, name="authenticator"),
    path("api/", include("watchroom.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # R-SEC-5: what the system can do is not shown to anyone not signed in.
    path("api/docs/", allowed()(SpectacularSwaggerView.as_view(url_name="api-schema")),
         name="api-docs"),
]

# The site's own error pages (the 500 page is templates/500.html, which needs no database).
handler403 = "watchroom.core.error_views.forbidden"
handler404 = "watchroom.core.error_views.not_found"
