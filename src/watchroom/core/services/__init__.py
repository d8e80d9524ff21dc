"""Every write of core, one module per concern, each with its audit event: places
(sites, departments, areas, rooms), staff, policy profiles, accounts (deactivation,
unlocking), passwords, two-person changes, API tokens and the installation's leaders.
The names of places, staff and policy are re-exported here (`core.services.site_create`)."""

from watchroom.core.services.places import (
    PLACE_ACTIONS,
    active_names,
    area_create,
    area_update,
    department_create,
    department_update,
    place_deactivate,
    place_deactivation_refusal,
    place_dependants,
    place_parent_inactive,
    place_reactivate,
    refuse_inactive,
    room_create,
    room_update,
    site_create,
    site_update,
)
from watchroom.core.services.policy import (
    PROFILE_FIGURES,
    check_bounds,
    check_profile_fields,
    loosened,
    policy_profile_create,
    policy_profile_update,
)
from watchroom.core.services.staff import (
    check_roles,
    refuse_admin_and_approver,
    refuse_guarded,
    staff_create,
    staff_save,
    staff_set_roles,
    staff_update,
)

__all__ = [
    "PLACE_ACTIONS", "PROFILE_FIGURES", "active_names", "area_create", "area_update",
    "check_bounds", "check_profile_fields", "check_roles", "department_create",
    "department_update", "loosened", "place_deactivate", "place_deactivation_refusal",
    "place_dependants", "place_parent_inactive", "place_reactivate",
    "policy_profile_create", "policy_profile_update", "refuse_admin_and_approver",
    "refuse_guarded", "refuse_inactive", "room_create", "room_update", "site_create",
    "site_update", "staff_create", "staff_save", "staff_set_roles", "staff_update",
]
