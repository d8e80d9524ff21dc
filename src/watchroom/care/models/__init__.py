from watchroom.care.models.faults import Fault, FaultReport, Repair

__all__ = ["Fault", "FaultReport", "Repair"]
