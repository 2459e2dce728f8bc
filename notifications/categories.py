"""The notification categories: each app registers its own from `AppConfig.ready()` (the
exchange: news, discussions, mentions, documents, meetings), so notifications knows no app.

A category is a slug and a label; each gets an on/off switch for e-mail in the person's settings
("Benachrichtigungen"), a group in the digest and an unsubscribe link.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class NotificationCategory:
    slug: str
    label: Promise | str
    order: int


_categories: dict[str, NotificationCategory] = {}


def register_category(slug: str, label: Promise | str, *, order: int) -> NotificationCategory:
    category = NotificationCategory(slug=slug, label=label, order=order)
    existing = _categories.get(slug)
    if existing is not None and existing != category:
        raise ValueError(f"notification category {slug!r} is registered twice")
    _categories[slug] = category
    return category


def categories() -> list[NotificationCategory]:
    return sorted(_categories.values(), key=lambda c: (c.order, c.slug))


def category_slugs() -> list[str]:
    return [category.slug for category in categories()]


def category_choices() -> list[tuple[str, Promise | str]]:
    return [(category.slug, category.label) for category in categories()]


def category_label(slug: str) -> Promise | str:
    category = _categories.get(slug)
    return category.label if category is not None else slug
