from watchroom.care.models.maintenance import (  # noqa: F401
    MaintenancePlan,
    WorkOrder,
    WorkOrderLine,
    WorkOrderPhoto,
)
