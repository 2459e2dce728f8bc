"""Who must use a second factor: the operator (Django admin) always, and whoever an app's rule
says (the districts app: coordinators and people with case-work permission).

Apps add their rule from `AppConfig.ready()` with `register_second_factor_rule`, so accounts
needs to know no app that sits above it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Rule = Callable[[Any], bool]

_rules: list[Rule] = []


def register_second_factor_rule(rule: Rule) -> None:
    if rule not in _rules:
        _rules.append(rule)


def requires_second_factor(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if getattr(user, "is_staff", False) or getattr(user, "is_superuser", False):
        return True
    return any(rule(user) for rule in _rules)
