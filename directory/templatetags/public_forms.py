"""The options of a public filter select in one step: `{{ choices|select_options:selected }}`.

The search page draws five selects on every search nobody asked before; one call per select
instead of a template loop with a comparison filter per option keeps that part of the page cheap.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

SELECTED = mark_safe(" selected")  # noqa: S308 - a fixed attribute


@register.filter
def select_options(choices: Iterable[tuple[Any, Any]], selected: Any) -> SafeString:
    """`<option>` elements for `(value, label)` pairs, escaped; the one whose value equals
    `selected` (compared as text, so a municipality's id matches the query string's) is marked."""
    chosen = "" if selected is None else str(selected)
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((value, SELECTED if str(value) == chosen else "", label) for value, label in choices),
    )
