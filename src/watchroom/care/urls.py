from django.urls import path

from watchroom.care.views import history, reconciliation, replacement

app_name = "care"
urlpatterns = [
    path("equipment/<str:label>/<int:pk>/history/", history.equipment_history_page,
         name="equipment_history"),
    path("end-of-day/", reconciliation.reconciliation_board, name="reconciliation_board"),
    path("end-of-day/<int:room>/<str:day>/", reconciliation.reconciliation_sign,
         name="reconciliation_sign"),
    path("end-of-day/signed/<int:pk>/", reconciliation.reconciliation_detail,
         name="reconciliation_detail"),
    path("replacement/", replacement.replacement_list, name="replacement_list"),
    path("replacement/new/", replacement.replacement_draft, name="replacement_draft"),
    path("replacement/<int:pk>/", replacement.replacement_detail, name="replacement_detail"),
    path("replacement/<int:pk>/agree/", replacement.replacement_agree,
         name="replacement_agree"),
    path("replacement/<int:pk>/approve/", replacement.replacement_approve,
         name="replacement_approve"),
    path("replacement/items/<int:pk>/done/", replacement.replacement_item_done,
         name="replacement_item_done"),
]
