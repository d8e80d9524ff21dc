from django.urls import path

from watchroom.duty import handover_views, roster_views, views

app_name = "duty"
urlpatterns = [
    path("rosters/", views.roster_index, name="index"),
    path("rosters/<int:room>/<int:year>/<int:month>/", views.roster_month, name="month"),
    path("rosters/<int:room>/<int:year>/<int:month>/generate/", views.roster_generate,
         name="generate"),
    path("rosters/<int:room>/<int:year>/<int:month>/publish/", views.roster_publish,
         name="publish"),
    path("rosters/<int:room>/<int:year>/<int:month>/reopen/", views.roster_reopen,
         name="reopen"),
    path("rosters/<int:room>/<int:year>/<int:month>/duties/", views.duty_add, name="duty_add"),
    path("duties/<int:pk>/remove/", views.duty_remove, name="duty_remove"),
    path("log/", views.log_index, name="log_index"),
    path("log/<int:room>/", views.log_page, name="log"),
    path("log/entries/<int:pk>/correct/", views.log_correct, name="log_correct"),
    path("log/entries/<int:pk>/change/", views.log_edit, name="log_edit"),
    path("calendar/", views.my_calendar, name="calendar"),
    path("calendar/new/", views.calendar_new, name="calendar_new"),
    path("calendar/<int:pk>/revoke/", views.calendar_revoke, name="calendar_revoke"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    *roster_views.patterns,
    *handover_views.patterns,
]
