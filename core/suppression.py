"""Small-cell suppression for the counts that monitoring and surveys publish.

DESIGN.md §5: any published cell with fewer than 5 persons is suppressed. A table of counts is
published with its row totals, column totals and grand total, so hiding the small cells is not
enough – a hidden cell must not be recomputable from what is shown:

1. **Primary suppression.** Every cell with 1 to 4 persons is hidden – the totals too, which are
   published cells like any other (a row total of 3 says that group has 3 persons).
2. **Secondary suppression.** Each row and each column of the published table is a sum: its cells
   add up to its total (for the totals row and column: the totals add up to the grand total).
   Where exactly one value of such a sum is hidden, it equals the total minus the published cells
   (or the sum of the cells, when the hidden one is the total). So the smallest other published
   value of that sum that is not 0 is hidden as well – a cell before the total, as the total is
   never smaller than a cell – and this repeats until every sum has no hidden value or at least
   two. Then no hidden value can be computed by subtracting published ones in its row or column,
   nor along a chain of such steps (the first step already needs a sum with one hidden value).

**Zeros are published.** A 0 says that nobody in that group was counted; it reveals nothing about
a person, and statistics offices show it. Zeros are not used for secondary suppression either: a
hidden 0 next to a hidden 3 would only tell that those two cells hold 3 together, which for small
numbers is nearly as good as the 3 itself. (Where a 0 would be revealing – "none of the 12
questioned in the shelter feel safe" – the question is whether to publish the table, not which
cell to hide.)

Totals are computed from the cells. If the published totals include groups the table does not
show (an "unknown" answer, say), add them as a row or column: a total that is larger than the sum
of its shown cells is not a sum the rules above can protect.
"""

from __future__ import annotations

import enum
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final, Generic, TypeVar

MIN_PERSONS: Final = 5


class Total(enum.Enum):
    """The key of the totals row and of the totals column."""

    TOTAL = "total"

    def __repr__(self) -> str:
        return "TOTAL"


TOTAL: Final = Total.TOTAL

R = TypeVar("R", bound=Hashable)  # the key of a row: a label, a year, a model instance …
C = TypeVar("C", bound=Hashable)  # the key of a column


class Reason(enum.StrEnum):
    PRIMARY = "primary"  # fewer than MIN_PERSONS persons
    SECONDARY = "secondary"  # would let a primary one be recomputed from the totals


@dataclass(frozen=True)
class Cell:
    """A published value: the count, or None with the reason it is hidden."""

    value: int | None
    reason: Reason | None = None

    @property
    def suppressed(self) -> bool:
        return self.reason is not None


@dataclass(frozen=True)
class SuppressedTable(Generic[R, C]):
    """The table as it may be published. `cells` holds every cell under its (row, column) key,
    the totals under `TOTAL` in place of the row or the column (or both, the grand total)."""

    rows: tuple[R, ...]
    columns: tuple[C, ...]
    cells: Mapping[tuple[R | Total, C | Total], Cell]

    def cell(self, row: R, column: C) -> Cell:
        return self.cells[(row, column)]

    def row_total(self, row: R) -> Cell:
        return self.cells[(row, TOTAL)]

    def column_total(self, column: C) -> Cell:
        return self.cells[(TOTAL, column)]

    @property
    def total(self) -> Cell:
        return self.cells[(TOTAL, TOTAL)]

    def grid(self) -> list[tuple[R | Total, list[Cell]]]:
        """Row by row, each row's total last, the totals row (key `TOTAL`) at the end."""
        return [
            (row, [self.cells[(row, column)] for column in _and_total(self.columns)])
            for row in _and_total(self.rows)
        ]


def suppress_small_cells(
    counts: Mapping[tuple[R, C], int],
    *,
    rows: Sequence[R] | None = None,
    columns: Sequence[C] | None = None,
    threshold: int = MIN_PERSONS,
) -> SuppressedTable[R, C]:
    """Hide what must not be published of a table of counts (see the module's docstring).

    `counts` maps (row, column) to a number of persons; a missing pair counts 0. `rows` and
    `columns` give the order (by default the order of first appearance in `counts`); secondary
    suppression prefers the smallest value and, among equal ones, the first in that order, so
    the result is the same on every run.
    """
    if threshold < 1:
        raise ValueError("The threshold is a number of persons, at least 1.")
    row_keys = tuple(rows) if rows is not None else tuple(dict.fromkeys(r for r, _c in counts))
    column_keys = (
        tuple(columns) if columns is not None else tuple(dict.fromkeys(c for _r, c in counts))
    )
    values = _with_totals(counts, row_keys, column_keys)
    reasons = {key: Reason.PRIMARY for key, value in values.items() if 0 < value < threshold}
    lines = _lines(row_keys, column_keys)
    while True:
        exposed = next((line for line in lines if _hidden(line, reasons) == 1), None)
        if exposed is None:
            break
        # Never empty: the one hidden value is not 0, so the line's total (or, when the total is
        # the hidden one, one of its cells) is a published value above 0.
        candidates = [key for key in exposed if key not in reasons and values[key] > 0]
        reasons[min(candidates, key=values.__getitem__)] = Reason.SECONDARY
    cells = {
        key: Cell(None, reasons[key]) if key in reasons else Cell(value)
        for key, value in values.items()
    }
    return SuppressedTable(row_keys, column_keys, cells)


def _with_totals(
    counts: Mapping[tuple[R, C], int], rows: tuple[R, ...], columns: tuple[C, ...]
) -> dict[tuple[R | Total, C | Total], int]:
    stray = [key for key in counts if key[0] not in rows or key[1] not in columns]
    if stray:
        raise ValueError(f"Counts outside the given rows and columns: {stray!r}")
    if TOTAL in rows or TOTAL in columns:
        raise ValueError("TOTAL is the key of the totals, not of a row or column.")
    values: dict[tuple[R | Total, C | Total], int] = {}
    for row in rows:
        for column in columns:
            value = counts.get((row, column), 0)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError(f"Not a number of persons at {(row, column)!r}: {value!r}")
            values[(row, column)] = value
    for row in rows:
        values[(row, TOTAL)] = sum(values[(row, column)] for column in columns)
    for key in _and_total(columns):
        values[(TOTAL, key)] = sum(values[(row, key)] for row in rows)
    return values


def _lines(rows: tuple[R, ...], columns: tuple[C, ...]) -> list[list[tuple[R | Total, C | Total]]]:
    """Every sum of the published table, each with its total last."""
    across = [[(row, column) for column in _and_total(columns)] for row in _and_total(rows)]
    down = [[(row, column) for row in _and_total(rows)] for column in _and_total(columns)]
    return across + down


K = TypeVar("K", bound=Hashable)


def _and_total(keys: tuple[K, ...]) -> tuple[K | Total, ...]:
    return (*keys, TOTAL)


def _hidden(line: list[Any], reasons: Mapping[Any, Reason]) -> int:
    return sum(key in reasons for key in line)
