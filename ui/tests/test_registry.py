"""Apps register their capabilities; an announced capability gives way to the app that
arrives under its slug, and the navigation, the "kommt bald" pages and the dashboard follow."""

import pytest
from django.utils.translation import gettext_lazy as _

from ui import registry


@pytest.fixture
def clean_registry(monkeypatch):
    """A registry of its own for the test, so nothing leaks into other tests."""
    for table in ("_capabilities", "_announced", "_nav_entries", "_panels"):
        monkeypatch.setattr(registry, table, dict(getattr(registry, table)))
    return registry


def test_an_app_registering_an_announced_slug_replaces_the_announcement(clean_registry):
    assert "surveys" in [c.slug for c in clean_registry.announced()]
    clean_registry.register_capability("surveys", _("Befragungen"), "ui:dashboard", order=60)
    assert "surveys" not in [c.slug for c in clean_registry.announced()]
    surveys = next(c for c in clean_registry.capabilities() if c.slug == "surveys")
    assert surveys.route_name == "ui:dashboard"
    slugs = [c.slug for c in clean_registry.capabilities()]
    assert slugs == sorted(
        slugs, key=lambda s: next(c.order for c in clean_registry.capabilities() if c.slug == s)
    )


def test_registering_the_same_slug_differently_is_refused(clean_registry):
    with pytest.raises(ValueError):
        clean_registry.register_capability("network", "Anders", "ui:dashboard", order=1)


def test_the_built_apps_are_in_the_navigation_in_order():
    assert [c.slug for c in registry.capabilities()] == [
        "network",
        "exchange",
        "directory",
        "referrals",
        "monitoring",
        "surveys",
        "trainings",
    ]
    assert [c.slug for c in registry.announced()] == [
        "referrals",
        "monitoring",
        "surveys",
        "trainings",
    ]


def test_a_panel_that_returns_none_is_left_out(clean_registry, rf, network):
    from ui.selectors import dashboard_panels

    clean_registry.register_panel("never", "ui/error.html", lambda request: None, order=1)
    clean_registry.register_panel("always", "ui/error.html", lambda request: {"x": 1}, order=2)
    request = rf.get("/uebersicht/")
    request.user = network.staff
    request.district = network.district
    shown = [panel.slug for panel in dashboard_panels(request)]
    assert "never" not in shown
    assert shown[0] == "always"
