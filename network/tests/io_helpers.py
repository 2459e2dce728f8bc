"""Builders for import test files: CSV in several encodings, XLSX made with openpyxl."""

import io
from collections.abc import Sequence

from openpyxl import Workbook

HEADERS = [
    "Name",
    "Art",
    "E-Mail",
    "Telefon",
    "Website",
    "Straße",
    "PLZ",
    "Ort",
    "Beschreibung",
    "Ansprechperson",
    "Funktion",
    "Kontakt-E-Mail",
]
ROWS = [
    [
        "Caritasverband Koblenz e.V.",
        "Wohlfahrtsverband",
        "info@caritas-ko.example",
        "0261 1234",
        "www.caritas-ko.example",
        "Hohenzollernstraße 118",
        "56068",
        "Koblenz",
        "Migrationsberatung für Erwachsene, Sprechstunde dienstags.",
        "Jürgen Müller",
        "Migrationsberatung",
        "mueller@caritas-ko.example",
    ],
    [
        "Türkisch-Deutscher Kulturverein Mayen",
        "Verein",
        "kontakt@tdkv.example",
        "02651 55 66",
        "",
        "Marktstraße 3",
        "56727",
        "Mayen",
        "Elterncafé und Hausaufgabenhilfe.",
        "Aylin Öztürk",
        "Vorsitzende",
        "",
    ],
]


def csv_bytes(
    rows: Sequence[Sequence[str]] = ROWS,
    headers: Sequence[str] = HEADERS,
    *,
    delimiter: str = ";",
    encoding: str = "utf-8",
) -> bytes:
    def quote(cell: str) -> str:
        if delimiter in cell or '"' in cell or "\n" in cell:
            return '"' + cell.replace('"', '""') + '"'
        return cell

    lines = [delimiter.join(quote(c) for c in line) for line in [headers, *rows]]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def xlsx_bytes(
    rows: Sequence[Sequence[object]] = ROWS, headers: Sequence[str] = HEADERS, **sheet_setup
) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    for merged in sheet_setup.get("merge", []):
        sheet.merge_cells(merged)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
