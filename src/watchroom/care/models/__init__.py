from watchroom.care.models.reconciliation import Reconciliation, ReconciliationLine
from watchroom.care.models.replacement import (
    AgreementPart,
    PlanStatus,
    ReplacementAgreement,
    ReplacementItem,
    ReplacementPlan,
)

__all__ = ["AgreementPart", "PlanStatus", "Reconciliation", "ReconciliationLine",
           "ReplacementAgreement", "ReplacementItem", "ReplacementPlan"]
