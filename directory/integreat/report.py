"""What an Integreat import found and did (or would do): problems, notes and counts."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

MAX_PROBLEMS = 300


@dataclass
class Problem:
    file: str
    item: str
    message: str

    def __str__(self) -> str:
        if self.item:
            return f"{self.file}, {self.item}: {self.message}"
        return f"{self.file}: {self.message}"


@dataclass
class Report:
    """What an import found and did (or would do): problems, notes and counts."""

    region: str = ""
    files: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    translations: Counter[str] = field(default_factory=Counter)  # by language
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def problem(self, file: str, item: str, message: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(file, item, message))

    def translation_counts(self) -> list[tuple[str, int]]:
        """(language, number of texts) with German first."""
        return sorted(self.translations.items(), key=lambda item: (item[0] != "de", item[0]))

    def summary(self) -> list[tuple[str, int, int, int]]:
        """(label, new, updated, archived) per kind of object."""
        rows = []
        for key, label in (
            ("place", _("Orte")),
            ("offer", _("Angebote")),
            ("event", _("Veranstaltungen")),
        ):
            rows.append(
                (
                    label,
                    self.counts[f"{key}.new"],
                    self.counts[f"{key}.updated"],
                    self.counts[f"{key}.archived"],
                )
            )
        return rows

    def as_json(self) -> dict[str, Any]:
        return {
            "region": self.region,
            "files": self.files,
            "problems": [str(p) for p in self.problems],
            "counts": dict(self.counts),
            "translations": dict(self.translations),
        }


class IntegreatImportError(Exception):
    """The input was refused; `report.problems` says why. Nothing was written."""

    def __init__(self, report: Report) -> None:
        super().__init__("; ".join(str(p) for p in report.problems[:5]))
        self.report = report
