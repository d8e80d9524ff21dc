from django.urls import path

from watchroom.health import views

app_name = "health"
urlpatterns = [
    path("", views.board, name="board"),
    path("cameras/<int:pk>/", views.camera_history, name="camera"),
    path("cameras/<int:pk>/check/", views.probe_now, name="probe_now"),
    path("checks/<int:pk>/picture.jpg", views.picture, name="picture"),
]
