from django.urls import path

from watchroom.care.views import faults

app_name = "care"
urlpatterns = [
    path("faults/", faults.fault_list, name="fault_list"),
    path("faults/report/", faults.fault_report, name="fault_report"),
    path("faults/<int:pk>/", faults.fault_detail, name="fault_detail"),
    path("faults/<int:pk>/assign/", faults.fault_assign, name="fault_assign"),
    path("faults/<int:pk>/start/", faults.fault_repair_start, name="fault_repair_start"),
    path("faults/<int:pk>/repair/", faults.fault_repair_record, name="fault_repair_record"),
    path("faults/<int:pk>/close/", faults.fault_close, name="fault_close"),
    path("archive/<str:equipment_type>/<int:pk>/", faults.repair_archive_page,
         name="repair_archive"),
    path("archive/<str:equipment_type>/<int:pk>/xlsx/", faults.repair_archive_xlsx,
         name="repair_archive_xlsx"),
]
