"""What the blocks' and changes' pages list for a person."""

from django.db.models import Q

from watchroom.health.models import CameraBlock, CameraChange
from watchroom.health.selectors import blocks


def blocks_visible_to(user):
    """Every block for those who keep the room; a department's staff see their own
    department's blocks and the ones they applied for."""
    rows = CameraBlock.objects.select_related("camera", "department", "applied_by__staff",
                                              "decided_by__staff")
    if user.has_perm("health.view_camerablock"):
        return rows
    department = blocks.department_of(user)
    mine = Q(applied_by=user)
    if department is not None:
        mine |= Q(department=department)
    return rows.filter(mine)


def changes_visible_to(user):
    return CameraChange.objects.select_related("camera", "requested_by__staff",
                                               "decided_by__staff", "done_by__staff")
