"""R-SEC-3: the worker signs a checkpoint as often as the profile says (default every
5 minutes), the shortest interval of the profiles in use, the chain being one."""

import datetime as dt

from watchroom import scheduler
from watchroom.core import services as core


def _every() -> dt.timedelta:
    return next(j.every for j in scheduler.jobs() if j.name == "audit.checkpoint")


def test_r_sec_3_checkpoints_every_five_minutes_by_default(site):
    assert site.policy.checkpoint_minutes == 5
    assert _every() == dt.timedelta(minutes=5)


def test_r_sec_3_the_shortest_profile_interval_in_use_counts(site, system):
    core.policy_profile_update(actor=system, profile=site.policy, checkpoint_minutes=2)
    unused = core.policy_profile_create(actor=system, kind=site.policy.kind, name="未用",
                                        checkpoint_minutes=1)
    assert unused.checkpoint_minutes == 1
    assert _every() == dt.timedelta(minutes=2)
