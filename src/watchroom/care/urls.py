from django.urls import path

from watchroom.care.views import reconciliation

app_name = "care"
urlpatterns = [
    path("end-of-day/", reconciliation.reconciliation_board, name="reconciliation_board"),
    path("end-of-day/<int:room>/<str:day>/", reconciliation.reconciliation_sign,
         name="reconciliation_sign"),
    path("end-of-day/signed/<int:pk>/", reconciliation.reconciliation_detail,
         name="reconciliation_detail"),
]
