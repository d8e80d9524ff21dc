"""The equipment archive's pages (R-EQUIP-1), one module per kind of equipment."""

from watchroom.devices.views.cameras import (
    camera_create,
    camera_detail,
    camera_edit,
    camera_import,
    camera_import_template,
    camera_list,
)
from watchroom.devices.views.displays import (
    display_create,
    display_detail,
    display_edit,
    display_list,
)
from watchroom.devices.views.floor_plans import (
    camera_place,
    camera_unplace,
    floor_plan,
    floor_plan_edit,
    floor_plan_fragment,
    floor_plan_image,
    floor_plan_upload,
)
from watchroom.devices.views.recorders import (
    recorder_create,
    recorder_detail,
    recorder_edit,
    recorder_list,
)
from watchroom.devices.views.storage import (
    storage_create,
    storage_detail,
    storage_edit,
    storage_list,
)

__all__ = [
    "camera_create",
    "camera_detail",
    "camera_edit",
    "camera_import",
    "camera_import_template",
    "camera_list",
    "camera_place",
    "camera_unplace",
    "display_create",
    "display_detail",
    "display_edit",
    "display_list",
    "floor_plan",
    "floor_plan_edit",
    "floor_plan_fragment",
    "floor_plan_image",
    "floor_plan_upload",
    "recorder_create",
    "recorder_detail",
    "recorder_edit",
    "recorder_list",
    "storage_create",
    "storage_detail",
    "storage_edit",
    "storage_list",
]
