from django.urls import path

from watchroom.live import views

app_name = "live"
urlpatterns = [
    path("", views.wall, name="wall"),
    path("tree/", views.tree, name="tree"),
    path("states/", views.states, name="states"),
    path("open/", views.open_view, name="open"),
    path("layout/", views.layout, name="layout"),
    path("report/", views.report, name="report"),
]
