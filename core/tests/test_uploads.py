"""Uploads are judged by content: disguised, broken, oversized and bomb files are refused; what is
stored is served as a sandboxed attachment."""

from __future__ import annotations

import contextlib
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from core import uploads
from core.uploads import check_upload, download_response

# --- Builders of small, valid files (also used by the library tests) --------------------------


def minimal_pdf(text: str = "Leitfaden") -> bytes:
    """A small well-formed PDF with a correct cross-reference table."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\n".encode()
    out += f"startxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="{main}"/>{extra}</Types>'
)
DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def docx_bytes(
    text: str = "Hallo", *, main: str = DOCX_MAIN, extra_types: str = "", extra: dict | None = None
) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES.format(main=main, extra=extra_types))
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
            'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="word/document.xml"/></Relationships>',
        )
        archive.writestr(
            "word/document.xml",
            '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
            f'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p>'
            "</w:body></w:document>",
        )
        for name, content in (extra or {}).items():
            archive.writestr(name, content)
    return buffer.getvalue()


def odt_bytes(content: bytes = b"<office:document-content/>", *, stored: bool = True) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"),
            "application/vnd.oasis.opendocument.text",
            compress_type=zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED,
        )
        archive.writestr("content.xml", content)
        archive.writestr(
            "META-INF/manifest.xml",
            '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:'
            'manifest:1.0"/>',
        )
    return buffer.getvalue()


def png_bytes(size: tuple[int, int] = (4, 3)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["Name", "Telefon"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(data: bytes, name: str = "datei.bin", content_type: str = "application/pdf"):
    return SimpleUploadedFile(name, data, content_type=content_type)


# --- Accepted files -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "name", "kind", "extension", "mime"),
    [
        (minimal_pdf(), "Leitfaden.PDF", "pdf", "pdf", "application/pdf"),
        (docx_bytes(), "brief.docx", "office", "docx", DOCX_MAIN.removesuffix(".main+xml")),
        (xlsx_bytes(), "liste", "office", "xlsx", None),
        (odt_bytes(), "text.odt", "odf", "odt", "application/vnd.oasis.opendocument.text"),
        (png_bytes(), "bild.gif", "image", "png", "image/png"),
        (b"Checkliste\n- Termin\n", "a.txt", "text", "txt", "text/plain; charset=utf-8"),
        ("Name;Ort\nAmt;Mayen\n".encode("cp1252"), "k.csv", "csv", "csv", None),
        ("Größe: groß\n".encode("cp1252"), "x.txt", "text", "txt", None),
    ],
)
def test_accepts_real_files_and_names_them_after_their_content(data, name, kind, extension, mime):
    checked = check_upload(upload(data, name, content_type="text/html"))
    assert (checked.kind, checked.extension) == (kind, extension)
    assert checked.safe_name.endswith(f".{extension}")
    assert checked.data == data and len(checked.sha256) == 64
    if mime:
        assert checked.content_type == mime


def test_windows_1252_text_keeps_its_charset():
    checked = check_upload(upload("Grüße\n".encode("cp1252"), "g.txt"))
    assert checked.content_type == "text/plain; charset=windows-1252"


def test_safe_name_drops_paths_and_control_characters():
    checked = check_upload(upload(minimal_pdf(), '../../etc/"böse"\x07 Datei.exe'))
    assert checked.safe_name == "böse__ Datei.pdf"
    assert uploads.safe_filename("....", "txt") == "dokument.txt"


# --- Refused files ----------------------------------------------------------------------------


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"),
            "application/vnd.oasis.opendocument.text",
            compress_type=zipfile.ZIP_STORED,
        )
        archive.writestr("content.xml", b"\x00" * (8 * 1024 * 1024))
    return buffer.getvalue()


def _zip_with(name: str, content: bytes = b"x") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES.format(main=DOCX_MAIN, extra=""))
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr(name, content)
    return buffer.getvalue()


ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 200
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 100 + b"PE\x00\x00"
SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
)


@pytest.mark.parametrize(
    ("data", "name", "code"),
    [
        (b"<!DOCTYPE html><html><script>alert(1)</script></html>", "x.pdf", "markup"),
        (b"  <html><body>hi</body></html>", "notiz.txt", "markup"),
        (EXE, "programm.docx", "binary"),
        (ELF, "programm.docx", "binary"),
        (_zip_bomb(), "bombe.odt", "zip_bomb"),
        (
            docx_bytes(extra={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0macro"}),
            "makro.docx",
            "macros",
        ),
        (
            docx_bytes(main="application/vnd.ms-word.document.macroEnabled.main+xml"),
            "makro.docm",
            "macros",
        ),
        (SVG, "bild.png", "markup"),
        (b"Name;Ort\x00\nA;B\n", "liste.csv", "binary"),
        (b"%PDF-1.4\nnichts weiter", "kaputt.pdf", "invalid_pdf"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "kaputt.png", "invalid_image"),
        (png_bytes()[:40], "halb.png", "invalid_image"),
        (_zip_with("../../evil.txt"), "pfad.docx", "zip_path"),
        (_zip_with("word/embeddings/inner.zip", b"PK\x03\x04rest"), "n.docx", "nested_archive"),
        (_zip_with("word/media/x.bin", b"\x1f\x8b\x08gzip"), "n.docx", "nested_archive"),
        (odt_bytes(stored=False), "falsch.odt", "invalid_archive"),
        (b"PK\x03\x04" + b"\x00" * 60, "kaputt.xlsx", "invalid_archive"),
        ("Größe\x81".encode("latin-1") + b"\x81\x8d", "x.txt", "encoding"),
    ],
)
def test_refuses_disguised_and_dangerous_files(data, name, code):
    with pytest.raises(ValidationError) as caught:
        check_upload(upload(data, name))
    assert caught.value.code == code
    assert caught.value.messages[0]


def test_plain_zip_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.txt", "a")
    with pytest.raises(ValidationError, match="Zip-Archive"):
        check_upload(upload(buffer.getvalue(), "a.docx"))


def test_kinds_narrow_what_is_accepted():
    with pytest.raises(ValidationError, match="Erlaubt sind: PDF") as caught:
        check_upload(upload(png_bytes(), "x.pdf"), kinds=frozenset({"pdf"}))
    assert caught.value.code == "file_type"
    assert check_upload(upload(b"a;b\n", "x.txt"), kinds=frozenset({"csv"})).kind == "csv"


def test_images_over_the_pixel_limit_are_refused(monkeypatch):
    monkeypatch.setattr("core.uploads.images.IMAGE_MAX_PIXELS", 100)
    with pytest.raises(ValidationError) as caught:
        check_upload(upload(png_bytes((20, 20)), "gross.png"))
    assert caught.value.code == "image_too_large"


def test_size_limits_stop_reading(settings):
    settings.LOTSE_UPLOAD_MAX_BYTES = 1000
    with pytest.raises(ValidationError, match="größer als 1000"):
        check_upload(upload(b"a" * 1001, "a.txt"))
    with pytest.raises(ValidationError, match="größer als 100"):
        check_upload(upload(b"a" * 101, "a.txt"), max_bytes=100)

    class Endless:
        name, size, read_chunks = "x.txt", None, 0

        def chunks(self):
            while True:
                self.read_chunks += 1
                yield b"a" * 600

    endless = Endless()
    with pytest.raises(ValidationError):
        check_upload(endless)
    assert endless.read_chunks == 2


@pytest.mark.parametrize("data", [b"", None])
def test_missing_and_empty_uploads(data):
    with pytest.raises(ValidationError):
        check_upload(None if data is None else upload(data, "leer.pdf"))


# --- PDF: the one structural check (uploads here, signed agreements in network) --------------


def xref_stream_pdf() -> bytes:
    """A PDF 1.5 whose cross-reference is a stream object, as most current writers make them."""
    out = bytearray(b"%PDF-1.5\n")
    out += b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    out += b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    xref = len(out)
    out += b"3 0 obj\n<< /Type /XRef /Size 4 /W [1 2 1] /Root 1 0 R /Length 0 >>\nstream\n"
    out += b"\nendstream\nendobj\n"
    out += f"startxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _startxref_moved(data: bytes, by: int) -> bytes:
    head, _sep, tail = data.rpartition(b"startxref\n")
    offset = int(tail.split(b"\n", 1)[0])
    return head + f"startxref\n{offset + by}\n%%EOF\n".encode()


@pytest.mark.parametrize(
    "data",
    [minimal_pdf(), xref_stream_pdf(), b"%PDF-2.0" + minimal_pdf()[8:]],
    ids=["xref table", "xref stream", "version 2.0"],
)
def test_well_formed_pdfs_pass(data):
    uploads.check_pdf(data)
    assert check_upload(upload(data, "dokument.pdf")).kind == "pdf"


# Each of these has a header, objects and %%EOF near its end: the laxer check that uploads used
# to have accepted them all.
ONCE_ACCEPTED = {
    "unknown version": b"%PDF-9.9" + minimal_pdf()[8:],
    "no startxref": b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n",
    "startxref past the end": b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\nstartxref\n999999\n%%EOF\n",
    "startxref at no xref": b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\nstartxref\n12\n%%EOF\n",
    "startxref zero": b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\nstartxref\n0\n%%EOF\n",
    "startxref off by a few bytes": _startxref_moved(minimal_pdf(), 3),
    "startxref far from the end": minimal_pdf() + b"%" + b"x" * 3000 + b"\n%%EOF\n",
}


@pytest.mark.parametrize("data", ONCE_ACCEPTED.values(), ids=ONCE_ACCEPTED.keys())
def test_pdfs_without_a_sound_cross_reference_are_refused(data):
    with pytest.raises(ValidationError) as caught:
        uploads.check_pdf(data)
    assert caught.value.code == "invalid_pdf"
    with pytest.raises(ValidationError) as caught:
        check_upload(upload(data, "dokument.pdf"))
    assert caught.value.code == "invalid_pdf"
    assert caught.value.messages == ["Die Datei ist kein gültiges PDF-Dokument."]


@pytest.mark.parametrize(
    "data",
    [
        b"Das ist nur Text, auch wenn die Datei auf .pdf endet.\n",
        b"%PDF-1.4\nnichts weiter",
        b"%PDF-1.4\nxref\n0 1\n0000000000 65535 f \ntrailer\n<<>>\nstartxref\n9\n%%EOF\n",
        b"GIF89a" + minimal_pdf(),
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 100,
        minimal_pdf()[:-40],
    ],
    ids=["text", "header only", "no objects", "gif prefix", "png", "cut off"],
)
def test_check_pdf_refuses_what_is_not_a_pdf(data):
    with pytest.raises(ValidationError) as caught:
        uploads.check_pdf(data)
    assert caught.value.code == "invalid_pdf"


# --- Fuzz -------------------------------------------------------------------------------------

PREFIXES = [b"", b"%PDF-1.7\n", b"PK\x03\x04", b"\x89PNG\r\n\x1a\n", b"GIF89a", b"\xff\xd8\xff"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prefix=st.sampled_from(PREFIXES), body=st.binary(max_size=600), tail=st.booleans())
def test_random_bytes_give_a_file_or_a_validation_error(prefix, body, tail):
    data = prefix + body + (b"\nobj endobj\n%%EOF\n" if tail else b"")
    try:
        checked = check_upload(upload(data, "zufall.bin"))
    except ValidationError as exc:
        assert exc.messages
    else:
        assert checked.kind in uploads.ALL_KINDS


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0, max_value=2000))
def test_truncated_office_files_never_crash(cut):
    data = docx_bytes()
    with contextlib.suppress(ValidationError):
        check_upload(upload(data[:cut] + data[cut + 7 :], "x.docx"))


# --- Downloads --------------------------------------------------------------------------------


def test_download_is_an_attachment_with_both_filename_forms():
    response = download_response(
        b"%PDF-1.4 <html>",
        filename="Leitfaden Verweisberatung – März.pdf",
        content_type="application/pdf",
    )
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="Leitfaden Verweisberatung _ Marz.pdf"')
    assert "filename*=UTF-8''Leitfaden%20Verweisberatung%20%E2%80%93%20M%C3%A4rz.pdf" in disposition
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == b"%PDF-1.4 <html>"


@pytest.mark.parametrize(
    "content_type", ["text/html", "text/html; charset=utf-8", "image/svg+xml", "", "text/xml"]
)
def test_download_never_serves_markup_types(content_type):
    response = download_response(b"<html>", filename="a.html", content_type=content_type)
    assert response["Content-Type"] == "application/octet-stream"


def test_download_header_injection_is_neutralised():
    response = download_response(
        b"x", filename='a"\r\nSet-Cookie: x.txt', content_type="text/plain"
    )
    assert "\n" not in response["Content-Disposition"]
    assert 'filename="a_  Set-Cookie_ x.txt"' in response["Content-Disposition"]


def test_pdf_polyglot_is_stored_but_only_ever_downloaded_as_attachment():
    polyglot = minimal_pdf() + b"<html><script>alert(1)</script></html>\n%%EOF\n"
    checked = check_upload(upload(polyglot, "bericht.html"))
    assert (checked.kind, checked.safe_name) == ("pdf", "bericht.pdf")
    response = download_response(
        checked.data, filename=checked.safe_name, content_type=checked.content_type
    )
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Security-Policy"].startswith("sandbox")


@pytest.mark.parametrize(
    "cell",
    [
        "=1+1",
        ' =HYPERLINK("http://evil.example";"Klick")',
        "+SUM(A1:A2)",
        "-2+3+cmd|' /C calc'!A0",
        "@SUM(1;2)",
        "\t=1+1",
    ],
)
def test_refuses_a_csv_that_a_spreadsheet_would_run_as_formula(cell):
    text = f"Name;Wert\nAmt;{cell}\n" if ";" not in cell else f'Name,Wert\nAmt,"{cell}"\n'
    with pytest.raises(ValidationError) as refused:
        check_upload(upload(text.encode(), "liste.csv"))
    assert refused.value.code == "csv_formula"
    assert "Zeile 2, Spalte 2" in refused.value.messages[0]


def test_accepts_numbers_phone_numbers_and_bullets_in_a_csv():
    text = "Name;Telefon;Saldo;Notiz\nAmt;+49 261 1234;-5,50;- Termin vereinbaren\nA;@lotse;+3;x\n"
    assert check_upload(upload(text.encode(), "liste.csv")).kind == "csv"
