"""R-SEC-2: repeated wrong passwords for one user name, from any address, slow its
sign-ins down (the address that guesses is locked by django-axes). Slowing, not
locking: an outsider can delay the room's sign-ins by a minute at most, never stop
them."""

import datetime as dt
import math

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from watchroom.rules import RuleViolation


def seconds_to_wait(username: str, now: dt.datetime | None = None) -> int:
    """How long the next sign-in as `username` must wait; 0 if it may go ahead."""
    now = now or timezone.now()
    free = settings.WATCHROOM["LOGIN_SLOWDOWN_AFTER"]
    longest = settings.WATCHROOM["LOGIN_SLOWDOWN_MAX_SECONDS"]
    since = now - dt.timedelta(hours=settings.AXES_COOLOFF_TIME)
    last_login = (get_user_model().objects.filter(username=username)
                  .values_list("last_login", flat=True).first())
    if last_login and last_login > since:
        since = last_login  # a successful sign-in starts the count again
    recent = AccessAttempt.objects.filter(username=username, attempt_time__gt=since)
    totals = recent.aggregate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
    failures = totals["failures"] or 0
    if failures < free:
        return 0
    delay = min(2 ** (failures - free + 1), longest)
    remaining = (totals["last"] + dt.timedelta(seconds=delay) - now).total_seconds()
    return max(0, math.ceil(remaining))


def refuse_if_slowed(username: str) -> None:
    """Refuses (R-SEC-2) a sign-in as `username` that must still wait; asked before the
    password is checked, by the sign-in page and the API's token endpoint alike."""
    wait = seconds_to_wait(username)
    if wait:
        raise RuleViolation("R-SEC-2", _(
            "R-SEC-2: too many wrong passwords for this user name; try again in "
            "%(seconds)d seconds.") % {"seconds": wait}, status=429)


def is_locked(username: str, now: dt.datetime | None = None) -> bool:
    """R-SEC-2: django-axes locks the user name at some address, or its sign-ins are
    slowed; what the unlock button asks and what accounts.staff_unlock checks."""
    now = now or timezone.now()
    since = now - dt.timedelta(hours=settings.AXES_COOLOFF_TIME)
    locked = AccessAttempt.objects.filter(
        username=username, attempt_time__gt=since,
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT).exists()
    return locked or seconds_to_wait(username, now) > 0
