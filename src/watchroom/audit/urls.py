from django.urls import path

from watchroom.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.event_list, name="event_list"),
    path("events/<int:seq>/", views.event_detail, name="event_detail"),
    path("verify/", views.verify, name="verify"),
    path("checkpoints/", views.checkpoint_list, name="checkpoint_list"),
    path("checkpoints/download/", views.checkpoint_download_all,
         name="checkpoint_download_all"),
    path("checkpoints/<int:pk>/download/", views.checkpoint_download,
         name="checkpoint_download"),
]
