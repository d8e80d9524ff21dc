from django.urls import path

from watchroom.health.views import probes

app_name = "health"
urlpatterns = [
    path("", probes.board, name="board"),
    path("cameras/<int:pk>/", probes.camera_history, name="camera"),
    path("cameras/<int:pk>/check/", probes.probe_now, name="probe_now"),
    path("checks/<int:pk>/picture.jpg", probes.picture, name="picture"),
]
