"""Plain text and CSV: no binary data, no markup, a known encoding, and no formula cells in a
CSV."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .kinds import CSV, TEXT, _not_allowed

_MARKUP_START = re.compile(r"^\s*<\s*[a-zA-Z!?/]")
_MARKUP_ANYWHERE = re.compile(
    r"<\s*(html|head|body|script|svg|iframe|object|embed|!doctype|\?xml)\b", re.IGNORECASE
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


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
