"""How a person is named wherever people read: their full name, with the username
added where two people share that name (R-SEC-1: every action is someone's, and the
reader must be able to tell who)."""

from django.core.cache import cache
from django.db.models import Count
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

_SHARED_KEY = "watchroom:people:shared-names"
_SHARED_SECONDS = 60


def shared_names() -> frozenset[str]:
    """Full names held by more than one person (cached; emptied when staff change)."""
    names = cache.get(_SHARED_KEY)
    if names is None:
        from watchroom.core.models import StaffProfile

        names = frozenset(
            StaffProfile.objects.values("full_name").annotate(n=Count("pk"))
            .filter(n__gt=1).values_list("full_name", flat=True)
        )
        cache.set(_SHARED_KEY, names, _SHARED_SECONDS)
    return names


def person_name(user) -> str:
    """「张三」, or 「张三 (zhangsan)」 when another person is also 张三; the username
    for an account without a staff profile; "" for nobody."""
    if user is None:
        return ""
    staff = getattr(user, "staff", None) if hasattr(user, "get_username") else user
    username = user.get_username() if hasattr(user, "get_username") else staff.user.get_username()
    full_name = getattr(staff, "full_name", "") if staff is not None else ""
    if not full_name:
        return username
    if full_name in shared_names():
        return f"{full_name} ({username})"
    return full_name


@receiver(post_save, sender="core.StaffProfile")
@receiver(post_delete, sender="core.StaffProfile")
def _forget_shared_names(**kwargs):
    cache.delete(_SHARED_KEY)
