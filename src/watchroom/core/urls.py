from django.urls import path

from watchroom.core.views import changes as change_views
from watchroom.core.views import pages as views
from watchroom.core.views import people as people_views
from watchroom.core.views import places as place_views
from watchroom.core.views import scope as scope_views
from watchroom.core.views import tokens as token_views

app_name = "core"
urlpatterns = [
    path("sites/", views.site_list, name="site_list"),
    path("sites/<int:pk>/", views.site_detail, name="site_detail"),
    path("departments/", views.department_list, name="department_list"),
    path("departments/<int:pk>/", views.department_detail, name="department_detail"),
    path("areas/", views.area_list, name="area_list"),
    path("areas/<int:pk>/", views.area_detail, name="area_detail"),
    path("areas/<int:pk>/scope/add/", scope_views.area_scope_add, name="area_scope_add"),
    path("areas/<int:pk>/scope/remove/", scope_views.area_scope_remove,
         name="area_scope_remove"),
    path("rooms/", views.room_list, name="room_list"),
    path("rooms/<int:pk>/", views.room_detail, name="room_detail"),
    path("rooms/<int:pk>/wall-sound/", scope_views.room_wall_sound, name="room_wall_sound"),
    path("staff/", views.staff_list, name="staff_list"),
    path("staff/<int:pk>/", views.staff_detail, name="staff_detail"),
    path("staff/new/", people_views.staff_new, name="staff_new"),
    path("staff/<int:pk>/edit/", people_views.staff_edit, name="staff_edit"),
    path("staff/<int:pk>/deactivate/", people_views.staff_deactivate,
         name="staff_deactivate"),
    path("staff/<int:pk>/reactivate/", people_views.staff_reactivate,
         name="staff_reactivate"),
    path("staff/<int:pk>/require-new-password/",
         people_views.staff_force_password, name="staff_force_password"),
    path("staff/<int:pk>/temporary-password/",
         people_views.staff_temporary_password,
         name="staff_temporary_password"),
    path("staff/<int:pk>/unlock/", people_views.staff_unlock,
         name="staff_unlock"),
    path("places/<slug:kind_name>/new/", place_views.place_new,
         name="place_new"),
    path("places/<slug:kind_name>/<int:pk>/edit/", place_views.place_edit,
         name="place_edit"),
    path("places/<slug:kind_name>/<int:pk>/deactivate/",
         place_views.place_deactivate, name="place_deactivate"),
    path("places/<slug:kind_name>/<int:pk>/reactivate/",
         place_views.place_reactivate, name="place_reactivate"),
    path("staff/<int:pk>/propose/", change_views.staff_propose, name="staff_propose"),
    path("areas/<int:pk>/propose/", change_views.area_propose, name="area_propose"),
    path("changes/", change_views.change_list, name="change_list"),
    path("changes/<int:pk>/", change_views.change_detail, name="change_detail"),
    path("changes/<int:pk>/confirm/", change_views.change_confirm, name="change_confirm"),
    path("changes/<int:pk>/reject/", change_views.change_reject, name="change_reject"),
    path("policies/", views.policy_list, name="policy_list"),
    path("policies/<int:pk>/", views.policy_detail, name="policy_detail"),
    path("policies/<int:pk>/edit/", views.policy_edit, name="policy_edit"),
    path("tokens/", token_views.token_list, name="token_list"),
    path("tokens/new/", token_views.token_new, name="token_new"),
    path("tokens/<int:pk>/revoke/", token_views.token_revoke, name="token_revoke"),
]
