from django.urls import path

from watchroom.care.views import maintenance, my_work

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
]
