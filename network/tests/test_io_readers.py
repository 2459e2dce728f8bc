"""Reading CSV and XLSX as offices have them, and refusing what is broken or dangerous."""

import io
import os
import zipfile

import pytest
from django.utils import translation
from openpyxl import Workbook

from network.io.mapping import normalise_header, suggest_mapping
from network.io.readers import MAX_UPLOAD_BYTES, ReaderError, read_table

from .io_helpers import HEADERS, ROWS, csv_bytes, xlsx_bytes


def test_semicolon_csv_in_utf8():
    table = read_table(csv_bytes(), "liste.csv")
    assert table.headers == HEADERS
    assert table.delimiter == ";"
    assert table.rows[0] == (2, ROWS[0])


def test_comma_csv_with_quoted_commas():
    rows = [["Diakonie, Mayen", "Verein", "a@b.example"]]
    table = read_table(csv_bytes(rows, ["Name", "Art", "E-Mail"], delimiter=","), "x.csv")
    assert table.delimiter == ","
    assert table.rows[0][1][0] == "Diakonie, Mayen"


def test_windows_1252_with_umlauts():
    table = read_table(csv_bytes(encoding="cp1252"), "liste.csv")
    assert table.encoding == "cp1252"
    assert table.headers[5] == "Straße"
    assert table.rows[0][1][9] == "Jürgen Müller"


def test_utf8_with_bom():
    table = read_table(b"\xef\xbb\xbf" + csv_bytes(), "liste.csv")
    assert table.headers[0] == "Name"  # no BOM glued to the first header


def test_xlsx_built_with_openpyxl():
    table = read_table(xlsx_bytes(), "liste.xlsx")
    assert table.source == "xlsx"
    assert table.rows[1][1][0] == "Türkisch-Deutscher Kulturverein Mayen"


def test_xlsx_numbers_as_typed_text():
    with translation.override("de"):  # yes/no cells are read in the language of the import
        table = read_table(xlsx_bytes([["Verein", 56068, True]], ["Name", "PLZ", "Mitglied"]), "x")
    assert table.rows[0][1] == ["Verein", "56068", "ja"]


def test_empty_rows_are_left_out_but_numbers_kept():
    data = csv_bytes([["A e.V."], [""], ["B e.V."]], ["Name"])
    table = read_table(data, "x.csv")
    assert [number for number, _ in table.rows] == [2, 4]


def test_formula_is_not_evaluated_or_kept():
    data = xlsx_bytes(
        [['=HYPERLINK("http://evil.example","Klick")', "x@y.example"]], ["Name", "E-Mail"]
    )
    table = read_table(data, "x.xlsx")
    assert "HYPERLINK" not in table.rows[0][1][0]
    assert "evil" not in table.rows[0][1][0]


def test_merged_cells_are_read_without_error():
    rows = [["Verein A", "Mayen"], ["Verein B", ""]]
    table = read_table(xlsx_bytes(rows, ["Name", "Ort"], merge=["B2:B3"]), "x.xlsx")
    assert table.rows[0][1] == ["Verein A", "Mayen"]
    assert table.rows[1][1] == ["Verein B", ""]


def test_first_empty_sheet_is_passed_over():
    workbook = Workbook()
    workbook.active.title = "leer"
    sheet = workbook.create_sheet("Daten")
    sheet.append(["Name"])
    sheet.append(["Verein A"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert read_table(buffer.getvalue(), "x.xlsx").rows[0][1] == ["Verein A"]


@pytest.mark.parametrize(
    ("data", "name", "fragment"),
    [
        (b"", "x.csv", "leer"),
        (b"Name;E-Mail\r\n", "x.csv", "nur eine Kopfzeile"),
        ("Name\nVerein".encode("utf-16"), "x.csv", "UTF-16"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "x.xls", ".xls"),
        (b"PK\x03\x04kaputt", "x.xlsx", "beschädigt"),
        (b"Name\n\x81\x8d\x8f\x90\x9d", "x.csv", "Zeichenkodierung"),
        (b"Name\n\x00\x01\x02", "x.csv", "Zeichenkodierung"),
        (b"Name;Ort", "x.xlsx", "keine Excel-Arbeitsmappe"),
    ],
)
def test_broken_files_get_a_clear_message(data, name, fragment):
    with pytest.raises(ReaderError) as caught:
        read_table(data, name)
    assert fragment in caught.value.message


def test_empty_workbook():
    buffer = io.BytesIO()
    Workbook().save(buffer)
    with pytest.raises(ReaderError, match="kein Blatt mit Daten"):
        read_table(buffer.getvalue(), "x.xlsx")


def test_zip_bomb_is_refused_before_openpyxl_opens_it():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (50 * 1024 * 1024))
    data = buffer.getvalue()
    assert len(data) < 200 * 1024
    with pytest.raises(ReaderError, match="Sicherheitsgründen"):
        read_table(data, "bombe.xlsx")


def test_external_entities_are_refused():
    evil = (
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">&e;</workbook>'
    )
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for item in source.infolist():
            content = evil if item.filename == "xl/workbook.xml" else source.read(item)
            archive.writestr(item.filename, content)
    with pytest.raises(ReaderError, match="beschädigt"):
        read_table(buffer.getvalue(), "x.xlsx")


def test_ten_megabytes_of_random_bytes():
    with pytest.raises(ReaderError):
        read_table(os.urandom(MAX_UPLOAD_BYTES), "zufall.csv")
    with pytest.raises(ReaderError, match="größer als 10 MB"):
        read_table(os.urandom(MAX_UPLOAD_BYTES + 1), "zufall.csv")


def test_headers_map_by_german_and_english_synonyms():
    headers = [
        "Organisation",
        "Typ",
        "E-Mail",
        "Tel.",
        "Homepage",
        "Strasse",
        "PLZ",
        "Ort",
        "Gemeinde",
        "Beschreibung",
        "Ansprechpartner:in",
        "Funktion",
        "Kontakt-E-Mail",
        "Kontakt-Telefon",
        "Handlungsfelder",
        "Träger",
        "Notizen",
    ]
    mapping = suggest_mapping(headers)
    assert [mapping.get(str(i), "") for i in range(len(headers))] == [
        "name",
        "kind",
        "email",
        "phone",
        "website",
        "street",
        "postcode",
        "city",
        "municipality",
        "description",
        "contact_name",
        "contact_function",
        "contact_email",
        "contact_phone",
        "topics",
        "sponsor",
        "",
    ]
    english = suggest_mapping(["Name", "Type", "Email", "Phone", "Contact person", "Contact email"])
    assert set(english.values()) == {
        "name",
        "kind",
        "email",
        "phone",
        "contact_name",
        "contact_email",
    }


def test_header_normalisation_folds_umlauts_and_punctuation():
    assert normalise_header(" Kontakt-E-Mail* ") == "kontakt e mail"
    assert normalise_header("Träger") == "trager"
