from django.urls import path
from django.views.generic import RedirectView

from watchroom.footage import views

app_name = "footage"
urlpatterns = [
    path("", views.request_list, name="list"),
    path("register.xlsx", views.register_xlsx, name="register_xlsx"),
    path("new/", views.request_create, name="create"),
    # Moved to their own apps; the old addresses lead there.
    path("inbox/", RedirectView.as_view(pattern_name="notifications:inbox"), name="inbox"),
    path("authenticator/", RedirectView.as_view(pattern_name="authenticator"), name="enrol"),
    path("<int:pk>/", views.request_detail, name="detail"),
    path("<int:pk>/print/", views.request_print, name="print"),
    path("<int:pk>/documents/<int:attachment>/", views.attachment_page, name="attachment"),
    path("<int:pk>/documents/<int:attachment>/file/", views.attachment_file,
         name="attachment_file"),
    path("<int:pk>/decide/", views.decide, name="decide"),
    path("<int:pk>/play/<int:item>/", views.play, name="play"),
    path("<int:pk>/play/<int:item>/segments/<int:segment>/", views.segment_file,
         name="segment_file"),
    path("<int:pk>/exports/", views.export_create, name="export_create"),
    path("<int:pk>/exports/<int:export>/", views.export_detail, name="export_detail"),
    path("<int:pk>/exports/<int:export>/download/", views.export_download,
         name="export_download"),
    path("<int:pk>/handover/", views.handover, name="handover"),
]
