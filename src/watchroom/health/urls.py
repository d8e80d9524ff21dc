from django.urls import path

from watchroom.health.views import blocks, changes, probes, references

app_name = "health"
urlpatterns = [
    path("", probes.board, name="board"),
    path("cameras/<int:pk>/", probes.camera_history, name="camera"),
    path("cameras/<int:pk>/check/", probes.probe_now, name="probe_now"),
    path("checks/<int:pk>/picture.jpg", probes.picture, name="picture"),
    path("cameras/<int:pk>/reference/", references.reference_camera, name="reference_camera"),
    path("references/<int:pk>/picture/", references.reference_picture,
         name="reference_picture"),
    path("references/checks/<int:pk>/picture/", references.reference_check_picture,
         name="reference_check_picture"),
    path("blocks/", blocks.block_list, name="block_list"),
    path("blocks/new/", blocks.block_apply, name="block_apply"),
    path("blocks/<int:pk>/", blocks.block_detail, name="block_detail"),
    path("changes/", changes.change_list, name="change_list"),
    path("changes/new/", changes.change_request, name="change_request"),
    path("changes/<int:pk>/", changes.change_detail, name="change_detail"),
]
