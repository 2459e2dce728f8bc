"""Office (docx, xlsx, pptx) and OpenDocument (odt, ods, odp) files: zip archives opened with
limits against zip bombs, path tricks and nested archives; documents with macros are refused."""

from __future__ import annotations

import io
import re
import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .kinds import ODF, OFFICE

# Limits for the zip containers of Office and OpenDocument files. Real documents of a few MB have
# a few hundred entries and compress text by a factor of 10 to 30.
ZIP_MAX_ENTRIES = 2000
ZIP_MAX_UNCOMPRESSED = 200 * 1024 * 1024
ZIP_MAX_RATIO = 100
ZIP_RATIO_FLOOR = 1024 * 1024  # entries smaller than this may compress as well as they like
XML_PART_MAX = 2 * 1024 * 1024

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
_OVERRIDE = re.compile(rb"<(?:\w+:)?Override\b[^>]*>", re.IGNORECASE)
_PART_NAME = re.compile(rb"""PartName\s*=\s*["']([^"']+)["']""")
_CONTENT_TYPE = re.compile(rb"""ContentType\s*=\s*["']([^"']+)["']""")


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
