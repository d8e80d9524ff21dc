"""An item's repair archive (检修档案, R-EQUIP-3): every fault with its cause, repairer,
time reported, deadline, restored time and proof, as a page and an Excel workbook."""

import io
from urllib.parse import urlencode

from django.utils.translation import gettext as _

from watchroom.care import equipment as items
from watchroom.care.selectors.faults import faults_of
from watchroom.core.people import person_name
from watchroom.core.times import local_text


def report_query(equipment, source: str, description: str = "") -> str:
    params = {"equipment": items.key_of(equipment), "source": source}
    if description:
        params["description"] = description
    return urlencode(params)


def columns() -> list[str]:
    return [_("reported"), _("category"), _("description"), _("reported by"), _("repair by"),
            _("cause found"), _("work done"), _("parts replaced"), _("repaired by"),
            _("repair started"), _("repair finished"), _("restored"), _("proof"),
            _("status")]


def rows(equipment) -> list[dict]:
    result = []
    for fault in faults_of(equipment):
        repairs = list(fault.repairs.all())
        repair = repairs[-1] if repairs else None
        by = ""
        if repair is not None:
            by = person_name(repair.repaired_by)
            if repair.vendor:
                by = f"{repair.vendor} ({by})"
        result.append({
            "fault": fault,
            "cells": [
                local_text(fault.reported_at),
                fault.get_category_display(),
                fault.description,
                person_name(fault.reported_by) if fault.reported_by else _("the system"),
                local_text(fault.deadline),
                repair.cause_found if repair else "",
                repair.work_done if repair else "",
                repair.parts if repair else "",
                by,
                local_text(repair.started_at) if repair else "",
                local_text(repair.finished_at) if repair else "",
                local_text(fault.closed_at),
                fault.get_proof_kind_display() if fault.proof_kind else "",
                fault.get_status_display(),
            ],
        })
    return result


def workbook(equipment) -> io.BytesIO:
    from openpyxl import Workbook  # lazy: a heavy module only the download needs

    book = Workbook()
    sheet = book.active
    sheet.title = _("Repair archive")[:31]
    sheet.append([_("Repair archive of %(equipment)s") % {"equipment": equipment}])
    sheet.append([])
    sheet.append(columns())
    for row in rows(equipment):
        sheet.append([_text(str(cell)) for cell in row["cells"]])
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


def _text(value: str) -> str:
    """A cell a spreadsheet would run as a formula is kept as text."""
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value
