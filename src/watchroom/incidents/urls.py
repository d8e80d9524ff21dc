from django.urls import path

from watchroom.incidents import views

app_name = "incidents"
urlpatterns = [
    path("", views.incident_list, name="list"),
    path("new/", views.incident_create, name="create"),
    path("statistics/", views.incident_statistics, name="statistics"),
    path("incidents.xlsx", views.incident_xlsx, name="xlsx"),
    path("from-entry/<int:pk>/", views.incident_from_entry, name="from_entry"),
    path("from-alert/<int:pk>/", views.incident_from_alert, name="from_alert"),
    path("<int:pk>/", views.incident_detail, name="detail"),
    path("<int:pk>/print/", views.incident_print, name="print"),
    path("<int:pk>/files/<int:attachment>/", views.incident_file, name="file"),
    path("<int:pk>/note/", views.incident_note, name="note"),
    path("<int:pk>/attach/", views.incident_attach, name="attach"),
    path("<int:pk>/grade/", views.incident_grade, name="grade"),
    path("<int:pk>/hold/", views.incident_hold, name="hold"),
    path("<int:pk>/holds/<int:hold>/release/", views.incident_hold_release, name="release"),
    path("<int:pk>/close/", views.incident_close, name="close"),
    path("<int:pk>/review/", views.incident_review, name="review"),
]
