"""Uploaded files, checked by what they contain, and served back without risk.

`check_upload` reads an upload in chunks up to a size limit and decides its kind from the bytes
alone – never from the file name or the content type the browser sent: PDF, Office (docx, xlsx,
pptx), OpenDocument (odt, ods, odp), images (PNG, JPEG, GIF, WebP, opened with Pillow) and plain
text or CSV. Office and OpenDocument files are zip archives: they are opened with limits against
zip bombs, path tricks and nested archives, and documents with macros are refused. The stored name
takes the extension of the detected kind.

`download_response` serves a stored file as an attachment that a browser neither renders as HTML
nor sniffs into something else.

One module per concern: `checks` (reading and detecting), `pdf`, `office`, `images`, `text`,
`kinds` and `downloads`; what callers use is importable from here.
"""

from .checks import (
    DEFAULT_MAX_BYTES,
    CheckedFile,
    check_bytes,
    check_upload,
    read_upload,
    upload_limit,
)
from .downloads import ascii_filename, download_response, safe_filename
from .kinds import ALL_KINDS, CSV, DOCUMENT_KINDS, IMAGE, KIND_LABELS, ODF, OFFICE, PDF, TEXT
from .pdf import check_pdf

__all__ = [
    "ALL_KINDS",
    "CSV",
    "CheckedFile",
    "DEFAULT_MAX_BYTES",
    "DOCUMENT_KINDS",
    "IMAGE",
    "KIND_LABELS",
    "ODF",
    "OFFICE",
    "PDF",
    "TEXT",
    "ascii_filename",
    "check_bytes",
    "check_pdf",
    "check_upload",
    "download_response",
    "read_upload",
    "safe_filename",
    "upload_limit",
]
