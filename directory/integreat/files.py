"""Reading the upload: the JSON files of the Integreat API, singly or in a zip archive, and what
each file name says (endpoint and language)."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable
from pathlib import PurePosixPath

from django.utils.translation import gettext as _

from .report import Report

MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # all files of one import together
MAX_UNPACKED_BYTES = 60 * 1024 * 1024  # what a zip archive may unpack to
MAX_FILES = 100

LOCATIONS, EVENTS, CATEGORIES, LANGUAGES = "locations", "events", "location-categories", "languages"
ENDPOINT_ALIASES = {"locations": LOCATIONS, "pois": LOCATIONS, "events": EVENTS}
ENDPOINT_ALIASES |= {"location-categories": CATEGORIES, "location_categories": CATEGORIES}
FILE_NAME = re.compile(
    r"^(?P<endpoint>locations|pois|events|location[-_]categories)[-_.]"
    r"(?P<lang>[a-z]{2,3}(?:[-_][a-z]{2,4})?)\.json$",
    re.IGNORECASE,
)
REGION = re.compile(r"^[a-z0-9][a-z0-9-]{0,40}$")


def unpack(uploads: Iterable[tuple[str, bytes]], report: Report) -> dict[str, bytes]:
    """Files by base name; zip archives are opened (bounded in size and number of members)."""
    files: dict[str, bytes] = {}
    total = 0
    for name, data in uploads:
        total += len(data)
        base = PurePosixPath(name.replace("\\", "/")).name
        if data.startswith(b"PK\x03\x04") or base.lower().endswith(".zip"):
            files.update(_unzip(base, data, report))
        else:
            files[base] = data
    if total > MAX_UPLOAD_BYTES:
        report.problem(
            _("Hochladen"),
            "",
            _("Die Dateien sind zusammen größer als %(mb)d MB.")
            % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)},
        )
    return files


def _unzip(name: str, data: bytes, report: Report) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = [m for m in archive.infolist() if not m.is_dir()]
            if len(members) > MAX_FILES:
                report.problem(name, "", _("Das Archiv enthält zu viele Dateien."))
                return {}
            if sum(m.file_size for m in members) > MAX_UNPACKED_BYTES:
                report.problem(name, "", _("Das Archiv ist entpackt zu groß."))
                return {}
            for member in members:
                base = PurePosixPath(member.filename).name
                if base.startswith(".") or not base.lower().endswith(".json"):
                    continue
                files[base] = archive.read(member)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        report.problem(name, "", _("Das ZIP-Archiv ist beschädigt und kann nicht gelesen werden."))
        return {}
    if not files:
        report.problem(name, "", _("Das ZIP-Archiv enthält keine JSON-Dateien."))
    return files


def classify(name: str) -> tuple[str, str] | None:
    """(endpoint, language) of a file name such as `locations-de.json`; None if unknown."""
    if name.lower() == "languages.json":
        return LANGUAGES, ""
    match = FILE_NAME.match(name)
    if match is None:
        return None
    endpoint = ENDPOINT_ALIASES[match["endpoint"].lower().replace("_", "-")]
    return endpoint, match["lang"].lower().replace("_", "-")
