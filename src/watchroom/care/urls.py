from django.urls import path

from watchroom.care.views import faults, maintenance, my_work

app_name = "care"
urlpatterns = [
    path("my-work/", my_work.my_work, name="my_work"),
    path("maintenance/", maintenance.order_list, name="order_list"),
    path("maintenance/plans/", maintenance.plan_list, name="plan_list"),
    path("maintenance/plans/new/", maintenance.plan_create, name="plan_create"),
    path("maintenance/plans/defaults/", maintenance.plan_defaults, name="plan_defaults"),
    path("maintenance/plans/<int:pk>/", maintenance.plan_edit, name="plan_edit"),
    path("maintenance/plans/<int:pk>/retire/", maintenance.plan_retire, name="plan_retire"),
    path("maintenance/orders/<int:pk>/", maintenance.order_detail, name="order_detail"),
    path("maintenance/orders/<int:pk>/assign/", maintenance.order_assign,
         name="order_assign"),
    path("maintenance/photos/<int:pk>/", maintenance.order_photo, name="order_photo"),
    path("maintenance/record/", maintenance.record, name="record"),
    path("maintenance/record.xlsx", maintenance.record_xlsx, name="record_xlsx"),
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
