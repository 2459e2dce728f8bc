"""The deploy checks of Lotse's own settings."""

from core.checks import site_url_is_public


def test_production_with_the_development_site_url_is_warned(settings):
    settings.PRODUCTION = True
    settings.SITE_URL = "http://127.0.0.1:8000"
    [warning] = site_url_is_public()
    assert warning.id == "lotse.W001"
    assert "LOTSE_SITE_URL" in warning.msg


def test_production_with_a_public_site_url_passes(settings):
    settings.PRODUCTION = True
    settings.SITE_URL = "https://lotse.example.org"
    assert site_url_is_public() == []


def test_development_may_use_the_loopback_address(settings):
    settings.PRODUCTION = False
    settings.SITE_URL = "http://127.0.0.1:8000"
    assert site_url_is_public() == []
