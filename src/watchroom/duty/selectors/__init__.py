"""Duty's reads, and the predicates the pages and the services share (a page shows a
button exactly when the service would allow the action). One module per concern:
`shifts` (who is on duty, shift times), `board` (the room head's board), `calendar`
(feed links), `roster`, `attendance`, `absences`, `checks`, `handover`, `inventory`,
`log`, `staffing`. Import the module: `from watchroom.duty.selectors import shifts`."""
