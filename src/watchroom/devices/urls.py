from django.urls import path

from watchroom.devices import views

app_name = "devices"
urlpatterns = [
    path("cameras/", views.camera_list, name="camera_list"),
    path("cameras/new/", views.camera_create, name="camera_create"),
    path("cameras/import/", views.camera_import, name="camera_import"),
    path("cameras/import/template.xlsx", views.camera_import_template,
         name="camera_import_template"),
    path("cameras/<int:pk>/", views.camera_detail, name="camera_detail"),
    path("cameras/<int:pk>/edit/", views.camera_edit, name="camera_edit"),
    path("areas/<int:pk>/floor-plan/", views.floor_plan, name="floor_plan"),
    path("areas/<int:pk>/floor-plan/fragment/", views.floor_plan_fragment,
         name="floor_plan_fragment"),
    path("areas/<int:pk>/floor-plan/edit/", views.floor_plan_edit, name="floor_plan_edit"),
    path("areas/<int:pk>/floor-plan/upload/", views.floor_plan_upload,
         name="floor_plan_upload"),
    path("areas/<int:pk>/floor-plan/place/", views.camera_place, name="camera_place"),
    path("areas/<int:pk>/floor-plan/unplace/", views.camera_unplace, name="camera_unplace"),
    path("floor-plans/<int:pk>/image/", views.floor_plan_image, name="floor_plan_image"),
    path("recorders/", views.recorder_list, name="recorder_list"),
    path("recorders/new/", views.recorder_create, name="recorder_create"),
    path("recorders/<int:pk>/", views.recorder_detail, name="recorder_detail"),
    path("recorders/<int:pk>/edit/", views.recorder_edit, name="recorder_edit"),
    path("storage/", views.storage_list, name="storage_list"),
    path("storage/new/", views.storage_create, name="storage_create"),
    path("storage/<int:pk>/", views.storage_detail, name="storage_detail"),
    path("storage/<int:pk>/edit/", views.storage_edit, name="storage_edit"),
    path("displays/", views.display_list, name="display_list"),
    path("displays/new/", views.display_create, name="display_create"),
    path("displays/<int:pk>/", views.display_detail, name="display_detail"),
    path("displays/<int:pk>/edit/", views.display_edit, name="display_edit"),
]
