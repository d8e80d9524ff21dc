from django.urls import path

from watchroom.recording import views

app_name = "recording"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("cameras/<int:pk>/", views.timeline, name="timeline"),
    path("cameras/<int:pk>/playback/", views.playback, name="playback"),
    path("playlist/", views.playlist, name="playlist"),
    path("segments/<int:pk>/file/", views.segment_file, name="segment_file"),
    path("segments/<int:pk>/delete/", views.segment_delete, name="segment_delete"),
    path("holds/", views.hold_list, name="hold_list"),
    path("holds/new/", views.hold_create, name="hold_create"),
    path("holds/<int:pk>/", views.hold_detail, name="hold_detail"),
    path("retention/", views.extension_list, name="extension_list"),
    path("retention/new/", views.extension_create, name="extension_create"),
    path("retention/<int:pk>/", views.extension_detail, name="extension_detail"),
]
