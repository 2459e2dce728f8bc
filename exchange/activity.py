"""What is new for a person across the exchange, for "Meine Übersicht" and the exchange start
page. Each area contributes with a `recent_activity(user, district, *, limit)` selector that
returns `Activity` rows in a fixed number of queries, already narrowed to what the person may see.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise


@dataclass(frozen=True)
class Activity:
    kind: Promise  # "Neuigkeit", "Diskussion", "Dokument", "Treffen"
    title: str
    url: str
    when: dt.datetime
    summary: str = ""  # one plain-text line, e.g. "Neue Version 3" or "Antwort von …"
    organisation: str = ""
    action: dict[str, Any] | None = None  # e.g. {"label": "Anmelden", "url": "…"}
