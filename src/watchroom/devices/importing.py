"""Reading a site's camera list (CSV or .xlsx) for the archive (R-EQUIP-1).

Every row is checked before anything is saved, and every bad row is reported with its
row number (as the spreadsheet shows it), column and value, so that the person
importing can fix the whole sheet in one go.
"""

import codecs
import csv
import datetime as dt
import io
import re
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from watchroom.core.models import Area, Site
from watchroom.devices.choices import NetworkKind, PowerKind
from watchroom.devices.models import Camera, NetworkDevice, PowerSupply, Recorder
from watchroom.rules import RuleViolation

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
# R-SEC-3: bounds that keep a hostile sheet from exhausting memory or filling the
# answer. A workbook is a zip: what its parts unpack to is bounded before reading.
MAX_UNPACKED_BYTES = 16 * 1024 * 1024
MAX_COLUMNS = 50
MAX_CELL_CHARS = 2000
MAX_ERRORS = 200

# The column headers a sheet may use, Chinese or English, for each camera field.
HEADERS: dict[str, tuple[str, ...]] = {
    "code": ("编号", "设备编号", "摄像机编号", "code"),
    "name": ("名称", "设备名称", "摄像机名称", "name"),
    "area": ("区域", "监控区域", "area"),
    "recorder": ("录像机", "录像机编号", "recorder"),
    "stream_url": ("码流地址", "视频流地址", "stream_url", "stream url"),
    "substream_url": ("子码流地址", "substream_url", "sub-stream url", "substream url"),
    "onvif_address": ("ONVIF地址", "onvif_address", "onvif address"),
    "username": ("用户名", "username", "user name"),
    "password": ("密码", "password"),
    "resolution": ("分辨率", "resolution"),
    "location": ("位置", "安装位置", "location"),
    "supplier": ("供应商", "supplier"),
    "model_name": ("型号", "model", "model_name"),
    "serial_no": ("序列号", "serial", "serial_no", "serial number"),
    "install_date": ("安装日期", "install_date", "install date"),
    "notes": ("备注", "notes"),
}
# Row-number columns that spreadsheets commonly carry; they hold nothing to import.
IGNORED_HEADERS = ("序号", "no", "no.", "#")
REQUIRED = ("code", "name", "area")
UNIQUE = ("code", "serial_no", "stream_url")

_DATE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$")


def _normal(header: str) -> str:
    return re.sub(r"[\s_\-]+", "", header.strip().lstrip("\ufeff")).lower()


_ALIASES = {_normal(alias): field for field, aliases in HEADERS.items() for alias in aliases}
_IGNORED = {_normal(h) for h in IGNORED_HEADERS}


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    value: str
    message: str

    def __str__(self) -> str:
        return self.message


class ImportRejected(RuleViolation):
    """R-EQUIP-1: some rows are bad, nothing was imported. `row_errors` lists every
    problem (the first MAX_ERRORS of `total`)."""

    def __init__(self, row_errors: list[RowError]):
        self.total = len(row_errors)
        self.row_errors = row_errors[:MAX_ERRORS]
        message = _("Nothing was imported.")
        if self.total > MAX_ERRORS:
            message += " " + _("… and %(more)d more problems.") % {
                "more": self.total - MAX_ERRORS}
        super().__init__("R-EQUIP-1", message, status=400)


@dataclass
class ImportRow:
    number: int
    camera: Camera
    password: str


# ---------------------------------------------------------------- reading the file


def read_table(*, file_name: str, content: bytes) -> list[tuple[int, list]]:
    """The sheet's rows as (row number, cells), header row included."""
    if len(content) > MAX_BYTES:
        raise ValidationError(
            _("The file is larger than %(mb)d MB. Split the list into smaller files.")
            % {"mb": MAX_BYTES // (1024 * 1024)}
        )
    suffix = Path(file_name or "").suffix.lower()
    if suffix == ".csv":
        return _bounded(_csv_rows(content))
    if suffix == ".xlsx":
        return _bounded(_xlsx_rows(content))
    raise ValidationError(
        _("“%(name)s” is not a file type that can be imported. Upload a CSV file (.csv) "
          "or an Excel workbook (.xlsx); save older .xls workbooks as .xlsx first.")
        % {"name": Path(file_name or "").name}
    )


def _decode(content: bytes) -> str:
    if content.startswith(codecs.BOM_UTF8):
        content = content[len(codecs.BOM_UTF8):]
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        # GB18030 is a superset of GBK, what Excel writes for "CSV" on a Chinese Windows.
        return content.decode("gb18030")
    except UnicodeDecodeError:
        raise ValidationError(
            _("The CSV file could not be read as UTF-8 or GBK text.")
        ) from None


def _csv_rows(content: bytes) -> list[tuple[int, list]]:
    text = _decode(content)
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if first_line.count("\t") > first_line.count(",") else ","
    rows = []
    try:
        for number, cells in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), 1):
            if number > MAX_ROWS + 1:
                raise _too_many_rows()
            rows.append((number, cells))
    except csv.Error as exc:
        raise ValidationError(
            _("The CSV file is malformed: %(problem)s") % {"problem": exc}
        ) from None
    return rows


def _check_unpacked_size(content: bytes) -> None:
    """A few hundred KB can unpack to gigabytes (one 150 MB shared string compresses
    to 150 KB): refuse before any part is read."""
    unreadable = ValidationError(_("The file is not an Excel workbook (.xlsx) that can be "
                                   "read."))
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(item.file_size for item in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise unreadable from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise ValidationError(
            _("The workbook unpacks to more than %(mb)d MB, far more than a camera list "
              "needs. Save the list again without extra content, or split it.")
            % {"mb": MAX_UNPACKED_BYTES // (1024 * 1024)})


def _xlsx_rows(content: bytes) -> list[tuple[int, list]]:
    import openpyxl  # heavy: loaded only when a workbook comes in

    _check_unpacked_size(content)
    rows = []
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:
        # Any malformed upload ends here: openpyxl raises many kinds of error on bad input.
        raise ValidationError(_("The file is not an Excel workbook (.xlsx) that can be read.")) \
            from None
    try:
        sheet = workbook.worksheets[0]
        rows_read = sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS + 1)
        for number, cells in enumerate(rows_read, 1):
            if number > MAX_ROWS + 1:
                raise _too_many_rows()
            rows.append((number, list(cells)))
    except ValidationError:
        raise
    except Exception:
        raise ValidationError(_("The file is not an Excel workbook (.xlsx) that can be read.")) \
            from None
    finally:
        workbook.close()
    return rows


def _bounded(rows: list[tuple[int, list]]) -> list[tuple[int, list]]:
    """No more than MAX_COLUMNS columns, no cell longer than MAX_CELL_CHARS; a problem
    names its row and column and shows only the start of the cell."""
    from openpyxl.utils import get_column_letter  # heavy: only for a workbook

    errors = []
    for number, cells in rows:
        if any(_text(c) for c in cells[MAX_COLUMNS:]):
            raise ValidationError(
                _("Row %(row)d has more than %(max)d columns; a camera list needs fewer.")
                % {"row": number, "max": MAX_COLUMNS})
        for index, cell in enumerate(cells):
            if isinstance(cell, str) and len(cell) > MAX_CELL_CHARS:
                column = get_column_letter(index + 1)
                errors.append(RowError(
                    row=number, column=column, value=_shown(cell),
                    message=_("Row %(row)d, column %(column)s: longer than %(max)d "
                              "characters.") % {"row": number, "column": column,
                                                "max": MAX_CELL_CHARS}))
    if errors:
        raise ImportRejected(errors)
    return [(number, cells[:MAX_COLUMNS]) for number, cells in rows]


def _too_many_rows() -> ValidationError:
    return ValidationError(
        _("The file has more than %(max)d rows. Split the list into smaller files.")
        % {"max": MAX_ROWS}
    )


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


# ---------------------------------------------------------------- checking the rows


def _columns(header: list) -> dict[str, tuple[int, str]]:
    """Field → (cell index, header as written); file-level problems raise at once."""
    columns: dict[str, tuple[int, str]] = {}
    unknown, repeated = [], []
    for index, cell in enumerate(header):
        label = _shown(_text(cell))
        key = _normal(_text(cell))
        if not key or key in _IGNORED:
            continue
        field = _ALIASES.get(key)
        if field is None:
            unknown.append(label)
        elif field in columns:
            repeated.append(label)
        else:
            columns[field] = (index, label)
    problems = []
    if unknown:
        problems.append(_("Unknown column(s): %(columns)s.") % {"columns": ", ".join(unknown)})
    if repeated:
        problems.append(
            _("Column(s) given twice: %(columns)s.") % {"columns": ", ".join(repeated)}
        )
    missing = [f"{HEADERS[f][0]}/{f}" for f in REQUIRED if f not in columns]
    if missing:
        problems.append(
            _("The file has no column for: %(columns)s.") % {"columns": ", ".join(missing)}
        )
    if problems:
        problems.append(
            _("Known columns: %(columns)s.")
            % {"columns": ", ".join(f"{a[0]}/{f}" for f, a in HEADERS.items())}
        )
        raise ValidationError(problems)
    return columns


def _shown(value: str) -> str:
    return value if len(value) <= 60 else value[:59] + "…"


def _error(row: int, column: str, value, problem: str) -> RowError:
    if column:
        message = _("Row %(row)d, column %(column)s: %(problem)s") % {
            "row": row, "column": column, "problem": problem}
    else:
        message = _("Row %(row)d: %(problem)s") % {"row": row, "problem": problem}
    return RowError(row=row, column=column, value=_shown(_text(value)), message=message)


def parse_date(value) -> dt.date | None:
    """A date cell: a real date, an Excel day number, or text YYYY-MM-DD (or / or .)."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        from openpyxl.utils.datetime import from_excel  # heavy: only for a workbook

        if 1 <= value < 2958466:
            return from_excel(value).date()
        raise ValueError(value)
    match = _DATE.match(str(value).strip())
    if not match:
        raise ValueError(value)
    return dt.date(*(int(g) for g in match.groups()))


class _Archive:
    """What the database already holds, loaded once for the whole sheet."""

    def __init__(self, values: dict[str, set[str]]):
        self.areas_by_code: dict[str, Area] = {}
        self.areas_by_name: dict[str, list[Area]] = defaultdict(list)
        for area in Area.objects.select_related("site", "department"):
            self.areas_by_code[area.code] = area
            self.areas_by_name[area.name].append(area)
        self.recorders = {r.code: r for r in Recorder.objects.filter(code__in=values["recorder"])}
        self.taken = {
            field: set(
                Camera.objects.filter(**{f"{field}__in": values[field]})
                .values_list(field, flat=True)
            )
            for field in UNIQUE
        }


def read_cameras(*, file_name: str, content: bytes) -> list[ImportRow]:
    """Parse and check a camera sheet. Raises ValidationError for a file that cannot be
    read at all, and ImportRejected listing every bad row."""
    table = [(n, cells) for n, cells in read_table(file_name=file_name, content=content)
             if any(_text(c) for c in cells)]
    if not table:
        raise ValidationError(_("The file is empty."))
    columns = _columns(table[0][1])
    records = []
    for number, cells in table[1:]:
        raw = {field: (cells[i] if i < len(cells) else None) for field, (i, _l) in columns.items()}
        records.append((number, raw))
    if not records:
        raise ValidationError(_("The file has a header row but no cameras."))

    values = defaultdict(set)
    for _n, raw in records:
        for field in ("recorder", *UNIQUE):
            if field in raw and _text(raw[field]):
                values[field].add(_text(raw[field]))
    archive = _Archive(values)

    errors: list[RowError] = []
    rows: list[ImportRow] = []
    first_seen: dict[str, dict[str, int]] = defaultdict(dict)
    for number, raw in records:
        row_errors, row = _check_row(number, raw, columns, archive, first_seen)
        errors.extend(row_errors)
        if row is not None:
            rows.append(row)
    if errors:
        raise ImportRejected(errors)
    return rows


def _check_row(number, raw, columns, archive, first_seen):
    errors: list[RowError] = []
    label = {field: header for field, (_i, header) in columns.items()}
    text = {field: _text(value) for field, value in raw.items() if field != "install_date"}
    bad = set()

    def fail(field, problem):
        bad.add(field)
        errors.append(_error(number, label.get(field, field), raw.get(field), problem))

    for field in REQUIRED:
        if not text.get(field):
            fail(field, _("a value is required."))

    area = None
    if text.get("area"):
        area = archive.areas_by_code.get(text["area"])
        if area is None:
            named = archive.areas_by_name.get(text["area"], [])
            if len(named) == 1:
                area = named[0]
            elif named:
                fail("area", _("several sites have an area named “%(value)s”; use the area "
                               "code.") % {"value": text["area"]})
            else:
                fail("area", _("area “%(value)s” does not exist.") % {"value": text["area"]})

    recorder = None
    if text.get("recorder"):
        recorder = archive.recorders.get(text["recorder"])
        if recorder is None:
            fail("recorder", _("recorder “%(value)s” does not exist.")
                 % {"value": text["recorder"]})

    install_date = None
    try:
        install_date = parse_date(raw.get("install_date"))
    except (ValueError, OverflowError):
        fail("install_date", _("“%(value)s” is not a date; write it as YYYY-MM-DD.")
             % {"value": _text(raw.get("install_date"))})

    for field in UNIQUE:
        value = text.get(field)
        if not value or field in bad:
            continue
        if value in first_seen[field]:
            fail(field, _("“%(value)s” is already on row %(first)d of this file.")
                 % {"value": value, "first": first_seen[field][value]})
        elif value in archive.taken[field]:
            fail(field, _("a camera with “%(value)s” is already in the archive.")
                 % {"value": value})
        else:
            first_seen[field][value] = number

    fields = {f: text[f] for f in text if f not in ("area", "recorder", "password")}
    camera = Camera(**fields, area=area, recorder=recorder, install_date=install_date)
    try:
        camera.full_clean(exclude=[*bad, "area"] if area is None else list(bad),
                          validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            for message in messages:
                errors.append(_error(number, label.get(field, ""), raw.get(field), message))
    if errors:
        return errors, None
    return [], ImportRow(number=number, camera=camera, password=text.get("password", ""))


# ---------------------------------------------------------------- network and power


@dataclass(frozen=True)
class Kind:
    """How a sheet of one other kind of equipment reads: its columns (Chinese first,
    then English), the required ones, and the audit action of each row saved."""

    model: type
    headers: dict[str, tuple[str, ...]]
    required: tuple[str, ...]
    action: str
    choices: type
    numbers: tuple[str, ...] = ()
    dates: tuple[str, ...] = ("install_date",)


_COMMON = {
    "location": HEADERS["location"], "supplier": HEADERS["supplier"],
    "model_name": HEADERS["model_name"], "serial_no": HEADERS["serial_no"],
    "install_date": HEADERS["install_date"], "notes": HEADERS["notes"],
}


def _kinds() -> dict[str, Kind]:
    base = {"code": ("编号", "设备编号", "code"), "name": ("名称", "设备名称", "name"),
            "site": ("院区", "site"), "kind": ("类型", "kind")}
    return {
        "networkdevice": Kind(
            model=NetworkDevice, choices=NetworkKind, action="network_device.created",
            headers={**base, "address": ("网络地址", "IP地址", "address"),
                     "ports": ("端口数", "ports"), **_COMMON},
            required=("code", "name", "site"), numbers=("ports",)),
        "powersupply": Kind(
            model=PowerSupply, choices=PowerKind, action="power_supply.created",
            headers={**base, "capacity_va": ("容量(VA)", "容量VA", "capacity_va", "capacity"),
                     "battery_installed": ("电池安装日期", "battery_installed",
                                           "battery install date"), **_COMMON},
            required=("code", "name", "site"), numbers=("capacity_va",),
            dates=("install_date", "battery_installed")),
    }


KINDS: dict[str, Kind] = _kinds()


def _kind_columns(kind: Kind, header: list) -> dict[str, tuple[int, str]]:
    aliases = {_normal(a): f for f, names in kind.headers.items() for a in names}
    columns: dict[str, tuple[int, str]] = {}
    unknown = []
    for index, cell in enumerate(header):
        key = _normal(_text(cell))
        if not key or key in _IGNORED:
            continue
        field = aliases.get(key)
        if field is None or field in columns:
            unknown.append(_shown(_text(cell)))
        else:
            columns[field] = (index, _shown(_text(cell)))
    problems = []
    if unknown:
        problems.append(_("Unknown column(s): %(columns)s.") % {"columns": ", ".join(unknown)})
    missing = [f"{kind.headers[f][0]}/{f}" for f in kind.required if f not in columns]
    if missing:
        problems.append(
            _("The file has no column for: %(columns)s.") % {"columns": ", ".join(missing)})
    if problems:
        problems.append(_("Known columns: %(columns)s.") % {
            "columns": ", ".join(f"{a[0]}/{f}" for f, a in kind.headers.items())})
        raise ValidationError(problems)
    return columns


def read_equipment(*, label: str, file_name: str, content: bytes) -> list[tuple[int, object]]:
    """Parse and check a sheet of network devices or power supplies: (row number, unsaved
    item) for every row, or ValidationError (the file) / ImportRejected (the rows)."""
    kind = KINDS[label]
    table = [(n, cells) for n, cells in read_table(file_name=file_name, content=content)
             if any(_text(c) for c in cells)]
    if not table:
        raise ValidationError(_("The file is empty."))
    columns = _kind_columns(kind, table[0][1])
    if len(table) < 2:
        raise ValidationError(_("The file has a header row but no equipment."))
    sites = {}
    for site in Site.objects.all():
        sites[site.code] = site
        sites.setdefault(site.name, site)
    choice_of = {}
    for value, text in kind.choices.choices:
        choice_of[_normal(value)] = value
        choice_of[_normal(str(text))] = value
    taken = {f: set(kind.model.objects.exclude(**{f: ""}).values_list(f, flat=True))
             for f in ("code", "serial_no")}
    seen: dict[str, dict[str, int]] = defaultdict(dict)
    errors: list[RowError] = []
    items = []
    for number, cells in table[1:]:
        raw = {f: (cells[i] if i < len(cells) else None) for f, (i, _l) in columns.items()}
        label_of = {f: h for f, (_i, h) in columns.items()}
        row_errors = []

        def fail(field, problem, raw=raw, label_of=label_of, row_errors=row_errors,
                 number=number):
            row_errors.append(_error(number, label_of.get(field, field), raw.get(field),
                                     problem))

        values = {}
        for field in columns:
            cell = raw.get(field)
            if field in kind.dates:
                try:
                    values[field] = parse_date(cell)
                except (ValueError, OverflowError):
                    fail(field, _("“%(value)s” is not a date; write it as YYYY-MM-DD.")
                         % {"value": _text(cell)})
            elif field in kind.numbers:
                text = _text(cell)
                if text and not text.isdigit():
                    fail(field, _("“%(value)s” is not a whole number.") % {"value": text})
                values[field] = int(text) if text.isdigit() else None
            else:
                values[field] = _text(cell)
        for field in kind.required:
            if not _text(raw.get(field)):
                fail(field, _("a value is required."))
        site = None
        if values.get("site"):
            site = sites.get(values["site"])
            if site is None:
                fail("site", _("site “%(value)s” does not exist.") % {"value": values["site"]})
        values["site"] = site
        if values.get("kind"):
            chosen = choice_of.get(_normal(values["kind"]))
            if chosen is None:
                fail("kind", _("“%(value)s” is not a kind this list knows.")
                     % {"value": values["kind"]})
            values["kind"] = chosen or kind.choices.values[0]
        else:
            values.pop("kind", None)
        for field in ("code", "serial_no"):
            value = values.get(field)
            if not value:
                continue
            if value in seen[field]:
                fail(field, _("“%(value)s” is already on row %(first)d of this file.")
                     % {"value": value, "first": seen[field][value]})
            elif value in taken[field]:
                fail(field, _("“%(value)s” is already in the archive.") % {"value": value})
            else:
                seen[field][value] = number
        if not row_errors and site is not None:
            item = kind.model(**values)
            try:
                item.full_clean(validate_unique=False, validate_constraints=False)
            except ValidationError as exc:
                for field, messages in exc.message_dict.items():
                    for message in messages:
                        fail(field, message)
            else:
                items.append((number, item))
        errors.extend(row_errors)
    if errors:
        raise ImportRejected(errors)
    return items
