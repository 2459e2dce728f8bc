"""Writes of the library area: folders, documents and their versions.

Every function is atomic, checks who acts, validates, and writes the audit trail. Files are
checked by content (`core.uploads.check_upload`) and stored in the private media storage.

One module per concept: `folders`, `documents` and their `versions`, with the limits of the
texts, the search text and the notification in `common`; the public names are importable from
here.
"""

from .common import (
    DESCRIPTION_MAX,
    FOLDER_DESCRIPTION_MAX,
    FOLDER_NAME_MAX,
    LIBRARY_KINDS,
    NOTE_MAX,
    TITLE_MAX,
    search_text,
)
from .documents import document_create, document_delete, document_update
from .folders import KEEP, folder_create, folder_delete, folder_move, folder_update
from .versions import document_version_add

__all__ = [
    "DESCRIPTION_MAX",
    "FOLDER_DESCRIPTION_MAX",
    "FOLDER_NAME_MAX",
    "KEEP",
    "LIBRARY_KINDS",
    "NOTE_MAX",
    "TITLE_MAX",
    "document_create",
    "document_delete",
    "document_update",
    "document_version_add",
    "folder_create",
    "folder_delete",
    "folder_move",
    "folder_update",
    "search_text",
]
