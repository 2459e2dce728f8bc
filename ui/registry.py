"""Where apps register what the shell shows of them (ADR 0011).

Each app registers, from its `AppConfig.ready()`:

- its **capability** in the main navigation (`register_capability`): the label, the start page
  and the place in the order;
- **navigation entries** that only some people see (`register_nav_entry`, e.g. "Verwaltung");
- **panels** of "Meine Übersicht" (`register_panel`): a template and a function that returns
  the panel's context for a request, or None when the panel is not for this person.

A capability whose app is not built yet is *announced* (`announce_capability`, from the project
package `lotse`): it gets an honest "kommt bald" page. When the app arrives and registers the
capability under the same slug, the announcement gives way by itself, so adding an app touches
no other app. `ui` imports no domain app: it only reads this registry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.utils.functional import Promise


@dataclass(frozen=True)
class Capability:
    """One of the capabilities in the main navigation, built or announced."""

    slug: str
    label: Promise | str
    order: int
    url_name: str = ""  # the app's start page; empty for an announced capability
    path: str = ""  # an announced capability: the address of its "kommt bald" page
    summary: Promise | str = ""  # an announced capability: what it will offer

    @property
    def announced(self) -> bool:
        return not self.url_name

    @property
    def route_name(self) -> str:
        """The URL name its navigation link points to."""
        return self.url_name or f"ui:{self.slug}"


@dataclass(frozen=True)
class NavEntry:
    """A navigation entry after the capabilities, shown where `visible(request)` holds."""

    slug: str
    label: Promise | str
    url_name: str
    order: int
    visible: Callable[[HttpRequest], bool]


@dataclass(frozen=True)
class Panel:
    """A panel of "Meine Übersicht"; `context(request)` is None where it is not shown."""

    slug: str
    order: int
    template: str
    context: Callable[[HttpRequest], dict[str, Any] | None]


_capabilities: dict[str, Capability] = {}
_announced: dict[str, Capability] = {}
_nav_entries: dict[str, NavEntry] = {}
_panels: dict[str, Panel] = {}


def _register(table: dict[str, Any], item: Any) -> None:
    existing = table.get(item.slug)
    if existing is not None and existing != item:
        raise ValueError(f"{item.slug!r} is registered twice with different settings")
    table[item.slug] = item


def register_capability(
    slug: str, label: Promise | str, url_name: str, *, order: int
) -> Capability:
    capability = Capability(slug=slug, label=label, order=order, url_name=url_name)
    _register(_capabilities, capability)
    return capability


def announce_capability(
    slug: str, label: Promise | str, *, path: str, summary: Promise | str, order: int
) -> Capability:
    capability = Capability(slug=slug, label=label, order=order, path=path, summary=summary)
    _register(_announced, capability)
    return capability


def register_nav_entry(
    slug: str,
    label: Promise | str,
    url_name: str,
    *,
    order: int,
    visible: Callable[[HttpRequest], bool],
) -> NavEntry:
    entry = NavEntry(slug=slug, label=label, url_name=url_name, order=order, visible=visible)
    _register(_nav_entries, entry)
    return entry


def register_panel(
    slug: str,
    template: str,
    context: Callable[[HttpRequest], dict[str, Any] | None],
    *,
    order: int,
) -> Panel:
    panel = Panel(slug=slug, order=order, template=template, context=context)
    _register(_panels, panel)
    return panel


def capabilities() -> list[Capability]:
    """Every capability in navigation order; an app's own registration wins over an
    announcement of the same slug."""
    merged = {**_announced, **_capabilities}
    return sorted(merged.values(), key=lambda c: (c.order, c.slug))


def announced() -> list[Capability]:
    """The capabilities whose app is not built yet."""
    return [capability for capability in capabilities() if capability.announced]


def announced_capability(slug: str) -> Capability:
    for capability in announced():
        if capability.slug == slug:
            return capability
    raise LookupError(slug)


def nav_entries() -> list[NavEntry]:
    return sorted(_nav_entries.values(), key=lambda e: (e.order, e.slug))


def panels() -> list[Panel]:
    return sorted(_panels.values(), key=lambda p: (p.order, p.slug))
