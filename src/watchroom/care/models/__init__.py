from watchroom.care.models.faults import Fault, FaultReport, Repair
from watchroom.care.models.maintenance import (
    MaintenancePlan,
    WorkOrder,
    WorkOrderLine,
    WorkOrderPhoto,
)

__all__ = ["Fault", "FaultReport", "MaintenancePlan", "Repair", "WorkOrder", "WorkOrderLine",
           "WorkOrderPhoto"]
