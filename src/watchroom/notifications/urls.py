from django.urls import path

from watchroom.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.inbox, name="inbox"),
]
