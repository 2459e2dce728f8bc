"""Reading what offices really have: CSV (comma or semicolon; UTF-8, UTF-8 with BOM,
Windows-1252) and XLSX, into one plain table of strings.

Every problem becomes a `ReaderError` with a German message for the person who uploaded the
file; nothing in here raises anything else for bad input.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
MAX_COLUMNS = 100
MAX_CELL_CHARS = 10_000
# XLSX is a zip archive: these bound what unpacking may cost before openpyxl sees it.
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
MAX_MEMBER_RATIO = 100
RATIO_CHECK_FROM_BYTES = 1024 * 1024
MAX_ZIP_MEMBERS = 500

XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary .xls format
DELIMITERS = (";", ",", "\t")


class ReaderError(Exception):
    """The file cannot be read; `message` says why, in German."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class Table:
    """Headers and the non-empty rows, each with its row number as the spreadsheet shows it."""

    headers: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    source: str = "csv"
    encoding: str = ""
    delimiter: str = ""

    def rows_as_json(self) -> list[list[Any]]:
        return [[number, cells] for number, cells in self.rows]


def read_table(data: bytes, filename: str = "") -> Table:
    """Parse an uploaded file; raises `ReaderError` with a clear message for anything else."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise ReaderError(
            _("Die Datei ist größer als %(limit)d MB. Bitte teilen Sie sie auf.")
            % {"limit": MAX_UPLOAD_BYTES // (1024 * 1024)}
        )
    if not data.strip():
        raise ReaderError(_("Die Datei ist leer."))
    if data.startswith(OLE_MAGIC):
        raise ReaderError(
            _(
                "Das alte Excel-Format (.xls) wird nicht unterstützt. Bitte speichern Sie die "
                "Tabelle als .xlsx oder als CSV."
            )
        )
    if data.startswith(XLSX_MAGIC):
        return read_xlsx(data)
    if filename.lower().endswith((".xlsx", ".xlsm")):
        raise ReaderError(_("Die Datei heißt .xlsx, ist aber keine Excel-Arbeitsmappe."))
    return read_csv(data)


# --- CSV ------------------------------------------------------------------------------------


def decode(data: bytes) -> tuple[str, str]:
    """The text and the name of its encoding: UTF-8 (with or without BOM) or Windows-1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        candidates = ["utf-8-sig"]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReaderError(
            _("Die Datei ist in UTF-16 gespeichert. Bitte speichern Sie sie als CSV (UTF-8).")
        )
    else:
        candidates = ["utf-8", "cp1252"]
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break
        return text, encoding
    raise ReaderError(
        _(
            "Die Datei ist weder eine CSV-Datei in UTF-8 oder Windows-1252 noch eine "
            "Excel-Arbeitsmappe (.xlsx). Bitte prüfen Sie die Datei und die Zeichenkodierung."
        )
    )


def detect_delimiter(text: str) -> str:
    """The separator of the header line: the most frequent of ; , and tab (outside quotes)."""
    header = ""
    for line in text.splitlines():
        if line.strip():
            header = line
            break
    counts = {}
    for delimiter in DELIMITERS:
        in_quotes = False
        count = 0
        for char in header:
            if char == '"':
                in_quotes = not in_quotes
            elif char == delimiter and not in_quotes:
                count += 1
        counts[delimiter] = count
    best = max(DELIMITERS, key=lambda d: counts[d])  # ties: the order of DELIMITERS (";" first)
    return best if counts[best] else ";"


def read_csv(data: bytes) -> Table:
    text, encoding = decode(data)
    delimiter = detect_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    raw: list[tuple[int, list[str]]] = []
    try:
        for number, cells in enumerate(reader, start=1):
            raw.append((number, cells))
            if len(raw) > MAX_ROWS + 1:
                raise ReaderError(_too_many_rows())
    except csv.Error as exc:
        raise ReaderError(
            _("Die CSV-Datei ist in Zeile %(row)d nicht lesbar.") % {"row": reader.line_num}
        ) from exc
    table = _build_table(raw)
    table.source, table.encoding, table.delimiter = "csv", encoding, delimiter
    return table


# --- XLSX -----------------------------------------------------------------------------------


def check_zip(data: bytes) -> None:
    """Refuse archives that would unpack to far more than they weigh (zip bombs)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise ReaderError(
            _("Die Excel-Datei ist beschädigt und kann nicht gelesen werden.")
        ) from exc
    if len(members) > MAX_ZIP_MEMBERS:
        raise ReaderError(_zip_bomb())
    total = 0
    for member in members:
        total += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > RATIO_CHECK_FROM_BYTES and ratio > MAX_MEMBER_RATIO:
            raise ReaderError(_zip_bomb())
    if total > MAX_UNCOMPRESSED_BYTES:
        raise ReaderError(_zip_bomb())
    names = {member.filename for member in members}
    if "xl/workbook.xml" not in names:
        raise ReaderError(_("Die Datei ist keine Excel-Arbeitsmappe (.xlsx)."))


def read_xlsx(data: bytes) -> Table:
    check_zip(data)
    # openpyxl parses with defusedxml when it is installed (no external entities); read_only
    # streams the sheet, data_only takes the values Excel saved instead of any formula.
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds of errors for broken files
        raise ReaderError(
            _("Die Excel-Datei ist beschädigt und kann nicht gelesen werden.")
        ) from exc
    try:
        for sheet in workbook.worksheets:
            raw = _sheet_rows(sheet)
            if any(any(cells) for _number, cells in raw):
                table = _build_table(raw)
                table.source = "xlsx"
                return table
    except ReaderError:
        raise
    except Exception as exc:  # a broken sheet inside a readable archive
        raise ReaderError(
            _("Die Excel-Datei ist beschädigt und kann nicht gelesen werden.")
        ) from exc
    finally:
        workbook.close()
    raise ReaderError(_("Die Arbeitsmappe enthält kein Blatt mit Daten."))


def _sheet_rows(sheet: Any) -> list[tuple[int, list[str]]]:
    raw = []
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        raw.append((number, [cell_text(value) for value in values[: MAX_COLUMNS + 1]]))
        if len(raw) > MAX_ROWS + 1:
            raise ReaderError(_too_many_rows())
    return raw


def cell_text(value: Any) -> str:
    """A cell's value as the text a person sees (no formulas: data_only gives saved values)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("ja") if value else _("nein")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


# --- Shared ---------------------------------------------------------------------------------


def _build_table(raw: list[tuple[int, list[str]]]) -> Table:
    """Headers from the first non-empty row; rows padded to the same width, empty rows left out."""
    cleaned = [(number, [_clean(cell) for cell in cells]) for number, cells in raw]
    non_empty = [(number, cells) for number, cells in cleaned if any(cells)]
    if not non_empty:
        raise ReaderError(_("Die Datei enthält keine Daten."))
    _header_number, header = non_empty[0]
    width = max(len(cells) for _number, cells in non_empty)
    if width > MAX_COLUMNS:
        raise ReaderError(_("Die Tabelle hat mehr als %(limit)d Spalten.") % {"limit": MAX_COLUMNS})
    headers = [
        header[i] if i < len(header) and header[i] else _("Spalte %(n)d") % {"n": i + 1}
        for i in range(width)
    ]
    rows = [(number, cells + [""] * (width - len(cells))) for number, cells in non_empty[1:]]
    if not rows:
        raise ReaderError(_("Die Tabelle enthält nur eine Kopfzeile und keine Daten."))
    if len(rows) > MAX_ROWS:
        raise ReaderError(_too_many_rows())
    return Table(headers=headers, rows=rows)


def _clean(cell: str) -> str:
    text = cell.replace("\x00", "").strip()
    return text[:MAX_CELL_CHARS]


def _too_many_rows() -> str:
    return _("Die Tabelle hat mehr als %(limit)d Zeilen. Bitte teilen Sie sie auf.") % {
        "limit": MAX_ROWS
    }


def _zip_bomb() -> str:
    return _(
        "Die Excel-Datei würde entpackt ein Vielfaches ihrer Größe belegen und wird aus "
        "Sicherheitsgründen nicht geöffnet."
    )
