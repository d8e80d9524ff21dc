from django.urls import path

from watchroom.alerts import views

app_name = "alerts"
urlpatterns = [
    path("", views.alert_list, name="alert_list"),
    path("feed/", views.alert_feed, name="alert_feed"),
    path("<int:pk>/", views.alert_detail, name="alert_detail"),
    path("<int:pk>/acknowledge/", views.alert_acknowledge, name="alert_acknowledge"),
]
