"""Duty's pages, one module per concern: `roster` (the month, the week, the workbook,
hand edits, publishing), `log` (the duty log), `calendar` (the iCalendar feed),
`shift` (the duty desk, the pre-shift check, leaving the post, the board, the
inventory), `handover` (the handover screen and its records); `rooms` holds what they
share. The addresses are all in `watchroom.duty.urls`."""
