from django.urls import path

from watchroom.core import change_views, token_views, views

app_name = "core"
urlpatterns = [
    path("sites/", views.site_list, name="site_list"),
    path("sites/<int:pk>/", views.site_detail, name="site_detail"),
    path("departments/", views.department_list, name="department_list"),
    path("departments/<int:pk>/", views.department_detail, name="department_detail"),
    path("areas/", views.area_list, name="area_list"),
    path("areas/<int:pk>/", views.area_detail, name="area_detail"),
    path("rooms/", views.room_list, name="room_list"),
    path("rooms/<int:pk>/", views.room_detail, name="room_detail"),
    path("staff/", views.staff_list, name="staff_list"),
    path("staff/<int:pk>/", views.staff_detail, name="staff_detail"),
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
