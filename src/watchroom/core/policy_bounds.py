"""The floor and ceiling of every figure of a policy profile, and which way is looser.

One line per figure. The profile services check every path (form, API, command line)
against this table: a value outside its bounds is refused and changes nothing; a value
moved the looser way needs a leader's confirmation (R-SEC-1), a tighter one applies at
once.
"""

from dataclasses import dataclass

from watchroom.core.choices import ProfileKind

HIGHER_IS_LOOSER = 1
LOWER_IS_LOOSER = -1
NEITHER = 0


@dataclass(frozen=True)
class Bound:
    low: int
    high: int
    looser: int
    rule: str


BOUNDS: dict[str, Bound] = {
    "shift_hours": Bound(1, 24, NEITHER, "R-DUTY-1"),
    "min_staff_per_shift": Bound(1, 20, LOWER_IS_LOOSER, "R-DUTY-1"),
    "lateness_grace_minutes": Bound(0, 30, HIGHER_IS_LOOSER, "R-DUTY-2"),
    "handover_early_minutes": Bound(5, 60, LOWER_IS_LOOSER, "R-HAND-1"),
    "clock_tolerance_seconds": Bound(1, 30, HIGHER_IS_LOOSER, "R-DUTY-5"),
    "retention_days": Bound(30, 3650, LOWER_IS_LOOSER, "R-REC-1"),
    "playback_check_minutes": Bound(1, 30, HIGHER_IS_LOOSER, "R-DUTY-5"),
    "camera_offline_seconds": Bound(5, 600, HIGHER_IS_LOOSER, "R-REC-6"),
    "integrity_verify_days": Bound(1, 30, HIGHER_IS_LOOSER, "R-REC-2"),
    "approval_valid_hours": Bound(1, 168, HIGHER_IS_LOOSER, "R-FOOT-3"),
    "max_request_camera_hours": Bound(1, 10000, HIGHER_IS_LOOSER, "R-FOOT-3"),
    "escalation_minutes": Bound(1, 120, HIGHER_IS_LOOSER, "R-INC-2"),
    "incident_hold_before_minutes": Bound(5, 720, LOWER_IS_LOOSER, "R-INC-3"),
    "password_max_age_days": Bound(1, 365, HIGHER_IS_LOOSER, "R-SEC-2"),
    "default_room_capacity": Bound(1, 50, HIGHER_IS_LOOSER, "R-ACC-5"),
    "api_token_days": Bound(1, 365, HIGHER_IS_LOOSER, "R-SEC-2"),
    "checkpoint_minutes": Bound(1, 60, HIGHER_IS_LOOSER, "R-SEC-3"),
    "fault_repair_hours": Bound(1, 168, HIGHER_IS_LOOSER, "R-EQUIP-3"),
    "health_check_minutes": Bound(1, 60, HIGHER_IS_LOOSER, "R-EQUIP-3"),
    "maintenance_days": Bound(1, 31, HIGHER_IS_LOOSER, "R-EQUIP-2"),
    "lens_cleaning_days": Bound(1, 180, HIGHER_IS_LOOSER, "R-EQUIP-2"),
    "storage_check_days": Bound(1, 90, HIGHER_IS_LOOSER, "R-EQUIP-2"),
    "ups_check_days": Bound(1, 180, HIGHER_IS_LOOSER, "R-EQUIP-2"),
}

# R-REC-1: hospitals keep recordings at least 90 days, others at least 30.
FLOOR_BY_KIND: dict[str, dict[str, int]] = {
    "retention_days": {ProfileKind.HOSPITAL: 90},
}


def bounds_for(name: str, kind: str) -> Bound:
    bound = BOUNDS[name]
    floor = FLOOR_BY_KIND.get(name, {}).get(kind)
    if floor is not None and floor > bound.low:
        return Bound(floor, bound.high, bound.looser, bound.rule)
    return bound


def is_looser(name: str, old, new) -> bool:
    """Whether moving figure `name` from `old` to `new` loosens the profile."""
    if name == "approval_chains":
        return chains_looser(old or {}, new or {})
    if name == "replacement_approver":
        return old != new  # R-EQUIP-6: who signs replacements changes only with a leader
    bound = BOUNDS.get(name)
    if bound is None or old is None or new is None or old == new:
        return False
    return (new - old) * bound.looser > 0


def chains_looser(old: dict, new: dict) -> bool:
    """A chain is tighter only if, for every requester type, the new chain keeps every
    role of the old one (adding signatures tightens; removing or replacing loosens)."""
    for kind in set(old) | set(new):
        before, after = old.get(kind), new.get(kind)
        if before == after:
            continue
        if before is None or after is None or not set(before) <= set(after):
            return True
    return False
