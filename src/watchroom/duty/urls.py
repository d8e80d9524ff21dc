from django.urls import path

from watchroom.duty.views import calendar, handover, log, roster, shift
from watchroom.duty.views.rooms import to_first_room

app_name = "duty"
urlpatterns = [
    path("rosters/", roster.roster_index, name="index"),
    path("rosters/<int:room>/<int:year>/<int:month>/", roster.roster_month, name="month"),
    path("rosters/<int:room>/<int:year>/<int:month>/generate/", roster.roster_generate,
         name="generate"),
    path("rosters/<int:room>/<int:year>/<int:month>/publish/", roster.roster_publish,
         name="publish"),
    path("rosters/<int:room>/<int:year>/<int:month>/reopen/", roster.roster_reopen,
         name="reopen"),
    path("rosters/<int:room>/<int:year>/<int:month>/duties/", roster.duty_add, name="duty_add"),
    path("duties/<int:pk>/remove/", roster.duty_remove, name="duty_remove"),
    path("rosters/<int:room>/week/<int:year>/<int:month>/<int:day>/", roster.roster_week,
         name="week"),
    path("rosters/<int:room>/<int:year>/<int:month>/roster.xlsx", roster.roster_xlsx,
         name="roster_xlsx"),
    path("log/", log.log_index, name="log_index"),
    path("log/<int:room>/", log.log_page, name="log"),
    path("log/entries/<int:pk>/correct/", log.log_correct, name="log_correct"),
    path("log/entries/<int:pk>/change/", log.log_edit, name="log_edit"),
    path("log/entries/<int:pk>/picture/", log.log_picture, name="log_picture"),
    path("calendar/", calendar.my_calendar, name="calendar"),
    path("calendar/new/", calendar.calendar_new, name="calendar_new"),
    path("calendar/<int:pk>/revoke/", calendar.calendar_revoke, name="calendar_revoke"),
    path("calendar/<str:token>.ics", calendar.calendar_feed, name="calendar_feed"),
    path("desk/", to_first_room("duty:desk"), name="desk_index"),
    path("desk/<int:room>/", shift.desk, name="desk"),
    path("desk/<int:room>/clock-<str:direction>/", shift.clock, name="clock"),
    path("check/<int:room>/", shift.check, name="check"),
    path("handover/", to_first_room("duty:handover"), name="handover_index"),
    path("handover/<int:room>/", handover.handover_page, name="handover"),
    path("handover/<int:room>/records/", handover.handover_list, name="handover_list"),
    path("handovers/<int:pk>/", handover.handover_detail, name="handover_detail"),
    path("absences/<int:room>/", shift.absence_page, name="absences"),
    path("absences/item/<int:pk>/<str:act>/", shift.absence_act, name="absence_act"),
    path("board/", to_first_room("duty:board"), name="board_index"),
    path("board/<int:room>/", shift.board_page, name="board"),
    path("inventory/<int:room>/", shift.inventory_page, name="inventory"),
]
