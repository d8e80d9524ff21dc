from django.urls import path

from watchroom.twofactor import views

app_name = "twofactor"
urlpatterns = [
    path("", views.enrol, name="enrol"),
]
