"""Uploaded files, checked by what they contain, and served back without risk.

`check_upload` reads an upload in chunks up to a size limit and decides its kind from the bytes
alone – never from the file name or the content type the browser sent: PDF, Office (docx, xlsx,
pptx), OpenDocument (odt, ods, odp), images (PNG, JPEG, GIF, WebP, opened with Pillow) and plain
text or CSV. Office and OpenDocument files are zip archives: they are opened with limits against
zip bombs, path tricks and nested archives, and documents with macros are refused. The stored name
takes the extension of the detected kind.

`download_response` serves a stored file as an attachment that a browser neither renders as HTML
nor sniffs into something else.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import struct
import unicodedata
import warnings
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

PDF = "pdf"
OFFICE = "office"
ODF = "odf"
IMAGE = "image"
TEXT = "text"
CSV = "csv"
ALL_KINDS = frozenset({PDF, OFFICE, ODF, IMAGE, TEXT, CSV})
DOCUMENT_KINDS = frozenset({PDF, OFFICE, ODF, TEXT, CSV})

KIND_LABELS = {
    PDF: gettext_lazy("PDF"),
    OFFICE: gettext_lazy("Word, Excel oder PowerPoint (docx, xlsx, pptx)"),
    ODF: gettext_lazy("OpenDocument (odt, ods, odp)"),
    IMAGE: gettext_lazy("Bilder (PNG, JPEG, GIF, WebP)"),
    TEXT: gettext_lazy("Text (txt)"),
    CSV: gettext_lazy("Tabellen als CSV"),
}

DEFAULT_MAX_BYTES = 20 * 1024 * 1024

# Limits for the zip containers of Office and OpenDocument files. Real documents of a few MB have
# a few hundred entries and compress text by a factor of 10 to 30.
ZIP_MAX_ENTRIES = 2000
ZIP_MAX_UNCOMPRESSED = 200 * 1024 * 1024
ZIP_MAX_RATIO = 100
ZIP_RATIO_FLOOR = 1024 * 1024  # entries smaller than this may compress as well as they like
XML_PART_MAX = 2 * 1024 * 1024

IMAGE_MAX_PIXELS = 40_000_000

OOXML_MAIN = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": (
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": (
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": (
        "pptx",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ),
}
ODF_TYPES = {
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.presentation": "odp",
}
IMAGE_TYPES = {
    "PNG": ("png", "image/png"),
    "JPEG": ("jpg", "image/jpeg"),
    "GIF": ("gif", "image/gif"),
    "WEBP": ("webp", "image/webp"),
}

# Types a download may be served with; everything else goes out as application/octet-stream.
SAFE_CONTENT_TYPES = frozenset(
    {
        "application/pdf",
        "image/png",
        "image/jpeg",
        "image/gif",
        "image/webp",
        "text/plain",
        "text/csv",
        "application/octet-stream",
        *(mime for _ext, mime in OOXML_MAIN.values()),
        *ODF_TYPES,
    }
)

_ARCHIVE_MAGIC = (
    b"PK\x03\x04",
    b"PK\x05\x06",
    b"\x1f\x8b",
    b"7z\xbc\xaf\x27\x1c",
    b"Rar!",
    b"BZh",
    b"\xfd7zXZ",
    b"MSCF",
)
_ARCHIVE_NAMES = re.compile(
    r"\.(zip|jar|gz|tgz|tar|7z|rar|bz2|xz|cab|docx|docm|xlsx|xlsm|pptx|pptm|odt|ods|odp)$",
    re.IGNORECASE,
)
_MACRO_NAMES = re.compile(r"(^|/)(vbaProject\.bin|vbaData\.xml)$|^(Basic|Scripts)/", re.I)
_MACRO_TYPES = re.compile(r"macroEnabled|vbaProject|ms-office\.activeX", re.IGNORECASE)
_MARKUP_START = re.compile(r"^\s*<\s*[a-zA-Z!?/]")
_MARKUP_ANYWHERE = re.compile(
    r"<\s*(html|head|body|script|svg|iframe|object|embed|!doctype|\?xml)\b", re.IGNORECASE
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_OVERRIDE = re.compile(rb"<(?:\w+:)?Override\b[^>]*>", re.IGNORECASE)
_PART_NAME = re.compile(rb"""PartName\s*=\s*["']([^"']+)["']""")
_CONTENT_TYPE = re.compile(rb"""ContentType\s*=\s*["']([^"']+)["']""")


@dataclass(frozen=True)
class CheckedFile:
    """An upload that passed the checks, with everything needed to store it."""

    data: bytes
    kind: str
    content_type: str
    extension: str
    safe_name: str
    sha256: str

    @property
    def size(self) -> int:
        return len(self.data)


def upload_limit(max_bytes: int | None = None) -> int:
    """The effective size limit: the setting, lowered by the caller's limit if that is smaller."""
    limit = int(getattr(settings, "LOTSE_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES))
    return min(limit, max_bytes) if max_bytes else limit


def read_upload(upload: Any, *, max_bytes: int | None = None) -> bytes:
    """The bytes of an upload, read in chunks; refuses missing, empty and oversized files without
    reading more than the limit."""
    limit = upload_limit(max_bytes)
    too_large = ValidationError(
        _("Die Datei ist größer als %(limit)s.") % {"limit": _size_label(limit)},
        code="file_too_large",
    )
    if upload is None:
        raise ValidationError(_("Bitte wählen Sie eine Datei aus."), code="required")
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise too_large
    chunks, total = [], 0
    for chunk in _chunks(upload):
        total += len(chunk)
        if total > limit:
            raise too_large
        chunks.append(chunk)
    data = b"".join(chunks)
    if not data:
        raise ValidationError(_("Die Datei ist leer."), code="empty")
    return data


def _size_label(limit: int) -> str:
    megabyte = 1024 * 1024
    if limit % megabyte == 0:
        return f"{limit // megabyte} MB"
    return str(filesizeformat(limit))


def _chunks(upload: Any) -> Iterable[bytes]:
    if isinstance(upload, bytes | bytearray):
        return [bytes(upload)]
    if hasattr(upload, "chunks"):
        return upload.chunks()
    return iter(lambda: upload.read(64 * 1024), b"")


def check_upload(
    upload: Any, *, kinds: frozenset[str] = ALL_KINDS, max_bytes: int | None = None
) -> CheckedFile:
    """Read and check an upload; raise `ValidationError` with a German message if it is not one
    of `kinds` or breaks a limit."""
    data = read_upload(upload, max_bytes=max_bytes)
    return check_bytes(data, name=getattr(upload, "name", "") or "", kinds=kinds)


def check_bytes(data: bytes, *, name: str = "", kinds: frozenset[str] = ALL_KINDS) -> CheckedFile:
    """`check_upload` for bytes already in memory (demo documents, imports)."""
    if not data:
        raise ValidationError(_("Die Datei ist leer."), code="empty")
    kind, extension, content_type = _detect(data, name, kinds)
    if kind not in kinds:
        raise _not_allowed(kinds)
    return CheckedFile(
        data=data,
        kind=kind,
        content_type=content_type,
        extension=extension,
        safe_name=safe_filename(name, extension),
        sha256=hashlib.sha256(data).hexdigest(),
    )


def _not_allowed(kinds: Iterable[str]) -> ValidationError:
    allowed = ", ".join(str(KIND_LABELS[kind]) for kind in sorted(kinds) if kind in KIND_LABELS)
    return ValidationError(
        _("Dieser Dateityp wird nicht angenommen. Erlaubt sind: %(kinds)s.") % {"kinds": allowed},
        code="file_type",
    )


def _detect(data: bytes, name: str, kinds: frozenset[str]) -> tuple[str, str, str]:
    if data.startswith(b"%PDF-"):
        check_pdf(data)
        return PDF, "pdf", "application/pdf"
    if data.startswith(b"PK\x03\x04"):
        return _check_zip(data)
    if _looks_like_image(data):
        return _check_image(data)
    if kinds & {TEXT, CSV}:
        return _check_text(data, name, kinds)
    raise _not_allowed(kinds)


# --- PDF ----------------------------------------------------------------------------------------


_PDF_HEADER = re.compile(rb"%PDF-[12]\.\d")
_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF")
_XREF_STREAM = re.compile(rb"\s*\d+\s+\d+\s+obj\b")
PDF_TAIL_BYTES = 2048


def check_pdf(data: bytes) -> None:
    """Refuse anything that is not structurally a PDF, whatever its name or declared type.

    A PDF starts with its version header (`%PDF-1.x` or `%PDF-2.x`); its last 2 KB hold
    `startxref <offset> %%EOF`; the offset lies inside the file and points at a cross-reference
    table (`xref`) or a cross-reference stream object (`12 0 obj`); and it has objects (`obj` …
    `endobj`). Raises `ValidationError` with code `invalid_pdf`.
    """
    invalid = ValidationError(_("Die Datei ist kein gültiges PDF-Dokument."), code="invalid_pdf")
    if not _PDF_HEADER.match(data[:16]):
        raise invalid
    matches = list(_STARTXREF.finditer(data[-PDF_TAIL_BYTES:]))
    if not matches:
        raise invalid
    offset = int(matches[-1].group(1))
    if offset <= 0 or offset >= len(data):
        raise invalid
    at = data[offset : offset + 64]
    if not (at.lstrip().startswith(b"xref") or _XREF_STREAM.match(at)):
        raise invalid
    if b"obj" not in data or b"endobj" not in data:
        raise invalid


# --- Office and OpenDocument --------------------------------------------------------------------


def _damaged() -> ValidationError:
    return ValidationError(
        _("Die Datei ist beschädigt oder kein gültiges Office- oder OpenDocument-Dokument."),
        code="invalid_archive",
    )


def _check_zip(data: bytes) -> tuple[str, str, str]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            _check_entries(archive, entries)
            names = {entry.filename for entry in entries}
            if entries and entries[0].filename == "mimetype":
                return _check_odf(archive, entries[0], names)
            if "[Content_Types].xml" in names:
                return _check_ooxml(archive, names)
    except ValidationError:
        raise
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        OSError,
        EOFError,
        RuntimeError,  # NotImplementedError (an unknown compression method) is one
        ValueError,
        KeyError,
    ) as exc:
        raise _damaged() from exc
    raise ValidationError(
        _("Zip-Archive werden nicht angenommen, nur Office- und OpenDocument-Dateien."),
        code="file_type",
    )


def _check_entries(archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo]) -> None:
    bomb = ValidationError(
        _(
            "Die Datei ist ungewöhnlich stark gepackt oder zu umfangreich und wird deshalb "
            "nicht angenommen."
        ),
        code="zip_bomb",
    )
    if not entries or len(entries) > ZIP_MAX_ENTRIES:
        raise bomb if entries else _damaged()
    total = 0
    for entry in entries:
        name = entry.filename
        if (
            not name
            or name.startswith(("/", "\\"))
            or "\\" in name
            or "\x00" in name
            or ".." in name.split("/")
            or re.match(r"^[A-Za-z]:", name)
        ):
            raise ValidationError(
                _("Die Datei enthält ungültige Pfadangaben und wird nicht angenommen."),
                code="zip_path",
            )
        if entry.flag_bits & 0x1:
            raise ValidationError(
                _("Verschlüsselte Dateien werden nicht angenommen."), code="encrypted"
            )
        total += entry.file_size
        if total > ZIP_MAX_UNCOMPRESSED:
            raise bomb
        if entry.file_size > ZIP_RATIO_FLOOR and (
            entry.file_size > ZIP_MAX_RATIO * max(entry.compress_size, 1)
        ):
            raise bomb
        if _MACRO_NAMES.search(name):
            raise _macros()
    for entry in entries:
        if entry.is_dir():
            continue
        with archive.open(entry) as handle:
            head = handle.read(8)
        if _ARCHIVE_NAMES.search(entry.filename) or head.startswith(_ARCHIVE_MAGIC):
            raise ValidationError(
                _("Die Datei enthält weitere Archive und wird deshalb nicht angenommen."),
                code="nested_archive",
            )


def _macros() -> ValidationError:
    return ValidationError(
        _(
            "Dateien mit Makros werden nicht angenommen. Bitte speichern Sie das Dokument ohne "
            "Makros, zum Beispiel als .docx, .xlsx, .pptx oder .odt."
        ),
        code="macros",
    )


def _read_part(archive: zipfile.ZipFile, name: str) -> bytes:
    with archive.open(name) as handle:
        part = handle.read(XML_PART_MAX + 1)
    if len(part) > XML_PART_MAX:
        raise _damaged()
    return part


def _check_ooxml(archive: zipfile.ZipFile, names: set[str]) -> tuple[str, str, str]:
    types = _read_part(archive, "[Content_Types].xml")
    if _MACRO_TYPES.search(types.decode("utf-8", "replace")):
        raise _macros()
    for tag in _OVERRIDE.findall(types):
        part, content_type = _PART_NAME.search(tag), _CONTENT_TYPE.search(tag)
        if not part or not content_type:
            continue
        found = OOXML_MAIN.get(content_type.group(1).decode("ascii", "replace").strip())
        if found and part.group(1).decode("utf-8", "replace").lstrip("/") in names:
            extension, mime = found
            return OFFICE, extension, mime
    raise _damaged()


def _check_odf(
    archive: zipfile.ZipFile, first: zipfile.ZipInfo, names: set[str]
) -> tuple[str, str, str]:
    if first.compress_type != zipfile.ZIP_STORED or first.file_size > 200:
        raise _damaged()
    mimetype = archive.read(first).decode("ascii", "replace").strip()
    if not mimetype.startswith("application/vnd.oasis.opendocument."):
        raise _damaged()
    extension = ODF_TYPES.get(mimetype)
    if extension is None:
        raise ValidationError(
            _("Von OpenDocument werden nur Texte, Tabellen und Präsentationen angenommen."),
            code="file_type",
        )
    if "content.xml" not in names:
        raise _damaged()
    manifest = (
        _read_part(archive, "META-INF/manifest.xml") if "META-INF/manifest.xml" in names else b""
    )
    if b"application/vnd.sun.xml.basic" in manifest or b"/Basic/" in manifest:
        raise _macros()
    return ODF, extension, mimetype


# --- Images -------------------------------------------------------------------------------------


def _looks_like_image(data: bytes) -> bool:
    return (
        data.startswith(b"\x89PNG\r\n\x1a\n")
        or data.startswith(b"\xff\xd8\xff")
        or data.startswith((b"GIF87a", b"GIF89a"))
        or (data.startswith(b"RIFF") and data[8:12] == b"WEBP")
    )


def _check_image(data: bytes) -> tuple[str, str, str]:
    from PIL import Image, UnidentifiedImageError

    broken = ValidationError(
        _("Das Bild ist beschädigt oder kann nicht gelesen werden."), code="invalid_image"
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                found = IMAGE_TYPES.get(image.format or "")
                width, height = image.size
                if found is None:
                    raise broken
                if width * height > IMAGE_MAX_PIXELS:
                    raise ValidationError(
                        _("Das Bild ist zu groß (höchstens %(limit)d Megapixel).")
                        % {"limit": IMAGE_MAX_PIXELS // 1_000_000},
                        code="image_too_large",
                    )
                image.verify()
            with Image.open(io.BytesIO(data)) as image:
                image.load()
    except ValidationError:
        raise
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        OSError,
        SyntaxError,
        ValueError,
        EOFError,
        IndexError,
        TypeError,
        struct.error,
        MemoryError,
    ) as exc:
        raise broken from exc
    extension, mime = found
    return IMAGE, extension, mime


# --- Text and CSV -------------------------------------------------------------------------------


def _check_text(data: bytes, name: str, kinds: frozenset[str]) -> tuple[str, str, str]:
    if b"\x00" in data:
        raise ValidationError(
            _("Die Datei enthält Binärdaten und ist keine Text- oder CSV-Datei."),
            code="binary",
        )
    text, charset = _decode(data)
    if _CONTROL.search(text):
        raise ValidationError(
            _("Die Datei enthält Binärdaten und ist keine Text- oder CSV-Datei."),
            code="binary",
        )
    if _MARKUP_START.match(text) or _MARKUP_ANYWHERE.search(text[:2048]):
        raise ValidationError(
            _("Textdateien mit HTML-, SVG- oder XML-Inhalt werden nicht angenommen."),
            code="markup",
        )
    if _is_csv(text, name, kinds):
        _refuse_formulas(text)
        return CSV, "csv", f"text/csv; charset={charset}"
    if TEXT not in kinds:
        raise _not_allowed(kinds)
    return TEXT, "txt", f"text/plain; charset={charset}"


def _decode(data: bytes) -> tuple[str, str]:
    try:
        return data.removeprefix(b"\xef\xbb\xbf").decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "windows-1252"
    except UnicodeDecodeError as exc:
        raise ValidationError(
            _("Die Textdatei ist weder in UTF-8 noch in Windows-1252 kodiert."),
            code="encoding",
        ) from exc


# A cell a spreadsheet program would run as a formula when the CSV is opened (CSV injection):
# "=" anything, or "+", "-", "@" followed by a function call or a DDE link ("cmd|' /C …'!A0").
# Numbers and phone numbers ("-5", "+49 261 …") and bullet points ("- Termin") stay allowed.
_FORMULA = re.compile(r"^[\t\r ]*(=.|[+\-@]\s*[A-Za-z_][\w.]*\s*\(|[+\-@=].*\|.*!)", re.DOTALL)


def _refuse_formulas(text: str) -> None:
    """Refuse a CSV with formula cells: whoever downloads it from the exchange would run them."""
    try:
        dialect: Any = csv.Sniffer().sniff(text[:8192], delimiters=";,\t")
    except csv.Error:
        dialect = csv.excel
    try:
        for row_number, row in enumerate(csv.reader(io.StringIO(text), dialect), start=1):
            for column, cell in enumerate(row, start=1):
                if _FORMULA.match(cell):
                    raise ValidationError(
                        _(
                            "Die CSV-Datei enthält eine Formel (Zeile %(row)s, Spalte %(column)s: "
                            "„%(cell)s“). Tabellenprogramme führen Formeln beim Öffnen aus. Bitte "
                            "speichern Sie die Tabelle nur mit Werten, ohne Formeln."
                        )
                        % {"row": row_number, "column": column, "cell": cell.strip()[:40]},
                        code="csv_formula",
                    )
    except csv.Error as exc:
        raise ValidationError(
            _("Die CSV-Datei lässt sich nicht lesen: %(problem)s") % {"problem": exc},
            code="invalid_csv",
        ) from exc


def _is_csv(text: str, name: str, kinds: frozenset[str]) -> bool:
    """Text and CSV are equally harmless; the choice only decides the stored extension. The
    content must have the shape of a table, and a name ending in .txt keeps a text a text."""
    if CSV not in kinds:
        return False
    if TEXT not in kinds:
        return True
    if name.lower().endswith(".txt"):
        return False
    lines = [line for line in text.splitlines()[:50] if line.strip()]
    if len(lines) < 2:
        return name.lower().endswith(".csv")
    for delimiter in (";", ",", "\t"):
        counts = {line.count(delimiter) for line in lines}
        if len(counts) == 1 and counts.pop() >= 1:
            return True
    return name.lower().endswith(".csv") and any(
        line.count(d) for line in lines for d in (";", ",", "\t")
    )


# --- Names and downloads --------------------------------------------------------------------


def safe_filename(name: str, extension: str, *, default: str = "dokument") -> str:
    """A file name without path, control or reserved characters, ending in `extension`."""
    base = unicodedata.normalize("NFC", (name or "").replace("\\", "/").rsplit("/", 1)[-1])
    stem = base.rsplit(".", 1)[0] if "." in base.lstrip(".") else base
    stem = "".join(char if char.isprintable() and char not in '"*:<>?|/' else "_" for char in stem)
    stem = re.sub(r"\s+", " ", stem).strip(" ._")[:100].strip(" ._")
    return f"{stem or default}.{extension}"


def ascii_filename(name: str) -> str:
    folded = "".join(
        unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode("ascii") or "_"
        for char in name
    )
    folded = re.sub(r"[^A-Za-z0-9._ -]", "_", folded).strip(" ._")
    return folded or "download"


def download_response(file: Any, *, filename: str, content_type: str) -> FileResponse:
    """Serve `file` (an open or openable file, a FieldFile or bytes) as an attachment: never
    inline, never sniffed, never as HTML, sandboxed should a browser render it anyway."""
    if isinstance(file, bytes | bytearray):
        handle: Any = io.BytesIO(bytes(file))
    elif hasattr(file, "open") and getattr(file, "closed", True):
        handle = file.open("rb")
    else:
        handle = file
    mime = (content_type or "").split(";", 1)[0].strip().lower()
    if mime not in SAFE_CONTENT_TYPES:
        content_type = "application/octet-stream"
    response = FileResponse(handle, content_type=content_type)
    name = filename.replace("\r", " ").replace("\n", " ").strip() or "download"
    response["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_filename(name)}\"; filename*=UTF-8''{quote(name, safe='')}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response
