"""Small-cell suppression: no published cell holds 1 to 4 persons, and no hidden cell can be
recomputed from the totals by subtracting what is published in its row or column."""

from __future__ import annotations

from collections.abc import Hashable, Mapping

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.suppression import (
    MIN_PERSONS,
    TOTAL,
    Cell,
    Reason,
    SuppressedTable,
    suppress_small_cells,
)

P, S = Reason.PRIMARY, Reason.SECONDARY


def hidden(table: SuppressedTable) -> dict[tuple[Hashable, Hashable], Reason | None]:
    return {key: cell.reason for key, cell in table.cells.items() if cell.suppressed}


def test_a_table_without_small_cells_is_published_whole() -> None:
    table = suppress_small_cells({("Mayen", "ja"): 12, ("Mayen", "nein"): 30})
    assert not hidden(table)
    assert table.cell("Mayen", "ja") == Cell(12)
    assert table.row_total("Mayen") == Cell(42)
    assert table.column_total("nein") == Cell(30)
    assert table.total == Cell(42)


def test_one_small_cell_hides_a_rectangle_of_four() -> None:
    counts = {
        ("A", "x"): 3, ("A", "y"): 10, ("A", "z"): 20,
        ("B", "x"): 8, ("B", "y"): 12, ("B", "z"): 30,
        ("C", "x"): 9, ("C", "y"): 15, ("C", "z"): 40,
    }  # fmt: skip
    table = suppress_small_cells(counts)
    # The smallest other cell of row A (10), of column x (8), and then of row B and column y
    # (12, which closes both).
    assert hidden(table) == {("A", "x"): P, ("A", "y"): S, ("B", "x"): S, ("B", "y"): S}
    assert table.cell("A", "x") == Cell(None, P)
    assert table.cell("C", "x").value == 9
    assert [table.row_total(r).value for r in "ABC"] == [33, 50, 64]
    assert [table.column_total(c).value for c in "xyz"] == [20, 37, 90]
    assert table.total.value == 147


def test_totals_under_five_are_hidden_too() -> None:
    table = suppress_small_cells(
        {("Kurs 1", "A1"): 1, ("Kurs 1", "B1"): 2, ("Kurs 2", "A1"): 20, ("Kurs 2", "B1"): 25}
    )
    assert table.row_total("Kurs 1") == Cell(None, P)
    assert table.cell("Kurs 1", "A1").reason == P
    assert table.cell("Kurs 1", "B1").reason == P
    # Column A1 would give 21 - 20 = 1: its smallest other cell, 20, goes as well (and then B1's).
    assert table.cell("Kurs 2", "A1").reason == S
    assert table.cell("Kurs 2", "B1").reason == S
    # Row "Kurs 2" now has two hidden cells and its total (45) is published; the totals column
    # has one hidden total (Kurs 1): the smallest other one, Kurs 2 (45), is hidden too.
    assert table.row_total("Kurs 2") == Cell(None, S)
    assert table.total == Cell(48)


def test_a_single_row_hides_the_split_and_keeps_the_total() -> None:
    table = suppress_small_cells({("alle", "ja"): 3, ("alle", "nein"): 40})
    assert table.cell("alle", "ja") == Cell(None, P)
    assert table.cell("alle", "nein") == Cell(None, S)
    assert table.column_total("ja") == Cell(None, P)
    assert table.column_total("nein") == Cell(None, S)
    assert table.row_total("alle") == table.total == Cell(43)


def test_zeros_are_shown_and_never_hidden_for_others() -> None:
    table = suppress_small_cells(
        {("A", "x"): 2, ("A", "y"): 0, ("A", "z"): 50, ("B", "x"): 7, ("B", "y"): 0, ("B", "z"): 9}
    )
    assert table.cell("A", "y") == Cell(0)
    assert table.cell("B", "y") == Cell(0)
    assert table.column_total("y") == Cell(0)
    # Row A's partner is 50, not the 0 beside the 2.
    assert hidden(table) == {("A", "x"): P, ("A", "z"): S, ("B", "x"): S, ("B", "z"): S}


def test_ties_go_to_the_first_in_the_given_order() -> None:
    counts = {
        ("A", "x"): 1, ("A", "y"): 6, ("A", "z"): 6,
        ("B", "x"): 6, ("B", "y"): 6, ("B", "z"): 6,
    }  # fmt: skip
    first = suppress_small_cells(counts, columns=["x", "y", "z"])
    assert first.cell("A", "y").reason == S and not first.cell("A", "z").suppressed
    second = suppress_small_cells(counts, columns=["x", "z", "y"])
    assert second.cell("A", "z").reason == S and not second.cell("A", "y").suppressed
    assert suppress_small_cells(counts) == suppress_small_cells(counts)


def test_missing_pairs_count_zero_and_the_given_order_is_kept() -> None:
    table = suppress_small_cells({("B", "y"): 7}, rows=["A", "B"], columns=["x", "y"])
    assert table.cell("A", "x") == Cell(0)
    assert [row for row, _cells in table.grid()] == ["A", "B", TOTAL]
    assert [cell.value for cell in table.grid()[1][1]] == [0, 7, 7]


@pytest.mark.parametrize(
    ("counts", "kwargs"),
    [
        ({("A", "x"): -1}, {}),
        ({("A", "x"): 2.5}, {}),
        ({("A", "x"): True}, {}),
        ({("A", "x"): 7, ("B", "x"): 7}, {"rows": ["A"]}),
        ({(TOTAL, "x"): 7}, {}),
        ({("A", "x"): 7}, {"threshold": 0}),
    ],
)
def test_what_is_not_a_table_of_counts_is_refused(counts: dict, kwargs: dict) -> None:
    with pytest.raises(ValueError):
        suppress_small_cells(counts, **kwargs)


# --- Properties ----------------------------------------------------------------------------


def derivable(
    table: SuppressedTable, true: Mapping[tuple[Hashable, Hashable], int]
) -> dict[tuple[Hashable, Hashable], int]:
    """What someone with the published table computes: in any row or column (the totals row and
    column included) with exactly one unknown value, that value is the total minus the published
    cells, or the sum of the cells; repeated as long as something new comes out."""
    known = {key: cell.value for key, cell in table.cells.items() if cell.value is not None}
    lines = [[(r, c) for c in (*table.columns, TOTAL)] for r in (*table.rows, TOTAL)]
    lines += [[(r, c) for r in (*table.rows, TOTAL)] for c in (*table.columns, TOTAL)]
    found: dict[tuple[Hashable, Hashable], int] = {}
    progress = True
    while progress:
        progress = False
        for line in lines:
            unknown = [key for key in line if key not in known]
            if len(unknown) != 1:
                continue
            *parts, total = line
            key = unknown[0]
            if key == total:
                value = sum(known[part] for part in parts)
            else:
                value = known[total] - sum(known[part] for part in parts if part != key)
            assert value == true[key]
            known[key] = found[key] = value
            progress = True
    return found


def true_values(table: SuppressedTable, counts: Mapping) -> dict:
    values = {(r, c): counts.get((r, c), 0) for r in table.rows for c in table.columns}
    for r in table.rows:
        values[(r, TOTAL)] = sum(values[(r, c)] for c in table.columns)
    for c in (*table.columns, TOTAL):
        values[(TOTAL, c)] = sum(values[(r, c)] for r in table.rows)
    return values


small_or_not = st.one_of(st.integers(0, 6), st.integers(0, 60))


@st.composite
def tables(draw: st.DrawFn) -> dict[tuple[str, str], int]:
    rows = [f"r{i}" for i in range(draw(st.integers(1, 5)))]
    columns = [f"c{i}" for i in range(draw(st.integers(1, 5)))]
    return {(r, c): draw(small_or_not) for r in rows for c in columns}


@given(tables())
def test_no_small_cell_is_published_and_none_hidden_can_be_recomputed(counts: dict) -> None:
    table = suppress_small_cells(counts)
    true = true_values(table, counts)
    assert set(table.cells) == set(true)
    for key, cell in table.cells.items():
        if cell.suppressed:
            assert cell.value is None
            assert cell.reason == (P if 0 < true[key] < MIN_PERSONS else S)
            if cell.reason == S:
                assert true[key] > 0
        else:
            assert cell.value is not None and cell.value == true[key]
            assert cell.value == 0 or cell.value >= MIN_PERSONS
    assert derivable(table, true) == {}


@given(tables())
def test_without_suppression_the_attack_would_work(counts: dict) -> None:
    """The attacker of the property above is not toothless: hiding only the small cells (no
    secondary suppression) lets it recompute every small cell alone in its row or column."""
    table = suppress_small_cells(counts)
    true = true_values(table, counts)
    primary_only = SuppressedTable(
        table.rows,
        table.columns,
        {
            key: Cell(None, P) if 0 < value < MIN_PERSONS else Cell(value)
            for key, value in true.items()
        },
    )
    lonely = [
        key
        for key, cell in primary_only.cells.items()
        if cell.suppressed
        and sum(primary_only.cells[(key[0], c)].suppressed for c in (*table.columns, TOTAL)) == 1
    ]
    assert set(lonely) <= set(derivable(primary_only, true))
