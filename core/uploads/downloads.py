"""Safe file names, and serving a stored file as an attachment that a browser neither renders
as HTML nor sniffs into something else."""

from __future__ import annotations

import io
import re
import unicodedata
from typing import Any
from urllib.parse import quote

from django.http import FileResponse

from .office import ODF_TYPES, OOXML_MAIN

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
