from watchroom.care.services.faults import (
    fault_assign,
    fault_close,
    fault_repair_record,
    fault_repair_start,
    fault_report,
    faults_escalate,
)

__all__ = ["fault_assign", "fault_close", "fault_repair_record", "fault_repair_start",
           "fault_report", "faults_escalate"]
