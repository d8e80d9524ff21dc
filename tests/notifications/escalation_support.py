"""Starting an escalation the way the incidents app does, about a real record."""

from watchroom.core.choices import Role
from watchroom.notifications.services import Level, escalation_start

from ..conftest import SYSTEM


def levels_of(chain, minutes=(None, 5, 5)):
    return [Level(roles=(Role.SHIFT_LEAD,), room=chain["room"], minutes=minutes[0]),
            Level(roles=(Role.SECURITY_CHIEF,), minutes=minutes[1]),
            Level(people=(chain["deputy"],), minutes=minutes[2])]


def start(chain, subject, **extra):
    return escalation_start(
        actor=SYSTEM, subject=subject, levels=levels_of(chain, **extra),
        title="Fight in the outpatient hall", message="Two people fighting at the entrance",
        url="/incidents/7/", site=chain["site"])
