from watchroom.care.models.faults import Fault, FaultReport, Repair
from watchroom.care.models.maintenance import (
    MaintenancePlan,
    WorkOrder,
    WorkOrderLine,
    WorkOrderPhoto,
)
from watchroom.care.models.reconciliation import Reconciliation, ReconciliationLine
from watchroom.care.models.replacement import (
    AgreementPart,
    PlanStatus,
    ReplacementAgreement,
    ReplacementItem,
    ReplacementPlan,
)

__all__ = ["AgreementPart", "Fault", "FaultReport", "MaintenancePlan", "PlanStatus",
           "Reconciliation", "ReconciliationLine", "Repair", "ReplacementAgreement",
           "ReplacementItem", "ReplacementPlan", "WorkOrder", "WorkOrderLine",
           "WorkOrderPhoto"]
