from watchroom.care.models.reconciliation import Reconciliation, ReconciliationLine

__all__ = ["Reconciliation", "ReconciliationLine"]
