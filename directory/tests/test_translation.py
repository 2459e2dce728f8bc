"""Machine translation through a local stand-in HTTP server for DeepL and LibreTranslate."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.urls import reverse

from directory import services
from directory.models import (
    DirectorySettings,
    OfferTranslation,
    TranslationJob,
    TranslationState,
)
from directory.tests.factories import OfferFactory, OfferTranslationFactory
from directory.translation import (
    DeepLProvider,
    LibreTranslateProvider,
    TranslationError,
    UnsupportedLanguage,
)


class StandIn:
    """What the stand-in server answers, and what it was sent."""

    def __init__(self) -> None:
        self.status = 200
        self.delay = 0.0
        self.requests: list[dict[str, Any]] = []


@pytest.fixture
def stand_in() -> Iterator[tuple[str, StandIn]]:
    state = StandIn()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's name
            length = int(self.headers.get("Content-Length", 0))
            body = json.loads(self.rfile.read(length) or b"{}")
            state.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
            if state.delay:
                time.sleep(state.delay)
            if state.status != 200:
                self.send_response(state.status)
                self.end_headers()
                self.wfile.write(b"kaputt")
                return
            if self.path == "/v2/translate":
                target = body["target_lang"]
                answer: Any = {
                    "translations": [
                        {"detected_source_language": "DE", "text": f"[{target}] {text}"}
                        for text in body["text"]
                    ]
                }
            else:
                answer = {"translatedText": [f"[{body['target']}] {q}" for q in body["q"]]}
            data = json.dumps(answer).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", state
    finally:
        server.shutdown()
        server.server_close()


def _configure(district: Any, url: str, provider: str, **kwargs: Any) -> DirectorySettings:
    row = services.settings_for(district)
    row.mt_provider = provider
    row.mt_url = url
    row.mt_api_key = "geheimer-schluessel-1234"
    row.mt_monthly_characters = kwargs.get("budget", 100_000)
    row.languages = kwargs.get("languages", ["de", "en", "ar"])
    row.save()
    return row


def _offer(network: Any) -> Any:
    return OfferFactory(
        district=network.district,
        organisation=network.other_org,
        title="Sprachcafé",
        title__summary="Deutsch üben",
    )


def test_deepl_provider_sends_key_and_target_code(stand_in: Any) -> None:
    url, state = stand_in
    provider = DeepLProvider(url=url, api_key="k-123")
    assert provider.translate(["Hallo", "Welt"], "de", "en") == ["[EN-GB] Hallo", "[EN-GB] Welt"]
    request = state.requests[0]
    assert request["path"] == "/v2/translate"
    assert request["headers"]["Authorization"] == "DeepL-Auth-Key k-123"
    assert request["body"]["source_lang"] == "DE"
    assert provider.translate(["Hallo"], "de", "uk") == ["[UK] Hallo"]


@pytest.mark.parametrize("language", ["fa", "fa-af"])
def test_deepl_refuses_farsi_and_dari_clearly(language: str) -> None:
    provider = DeepLProvider(url="http://127.0.0.1:9", api_key="k")
    with pytest.raises(UnsupportedLanguage, match="DeepL übersetzt nicht"):
        provider.translate(["Hallo"], "de", language)


def test_libretranslate_provider_posts_json(stand_in: Any) -> None:
    url, state = stand_in
    provider = LibreTranslateProvider(url=url, api_key="lt-key")
    assert provider.translate(["Hallo"], "de", "fa-af") == ["[fa] Hallo"]
    body = state.requests[0]["body"]
    assert state.requests[0]["path"] == "/translate"
    assert body == {
        "q": ["Hallo"],
        "source": "de",
        "target": "fa",
        "format": "text",
        "api_key": "lt-key",
    }


def test_http_error_and_timeout_become_translation_errors(stand_in: Any) -> None:
    url, state = stand_in
    state.status = 500
    with pytest.raises(TranslationError, match="HTTP 500"):
        LibreTranslateProvider(url=url, api_key="").translate(["Hallo"], "de", "en")
    state.status = 200
    state.delay = 1.0
    with pytest.raises(TranslationError, match="nicht rechtzeitig"):
        DeepLProvider(url=url, api_key="k", timeout=0.2).translate(["Hallo"], "de", "en")


@pytest.mark.parametrize("provider", ["deepl", "libretranslate"])
def test_machine_translation_writes_marked_rows(
    client: Any, network: Any, stand_in: Any, provider: str
) -> None:
    url, _state = stand_in
    row = _configure(network.district, url, provider)
    offer = _offer(network)
    client.force_login(network.staff)
    response = client.post(
        reverse("directory:offer_machine_translate", args=[offer.pk]), follow=True
    )
    assert response.status_code == 200
    rows = {r.language: r for r in OfferTranslation.objects.filter(offer=offer)}
    assert rows["en"].state == TranslationState.MACHINE
    assert rows["ar"].state == TranslationState.MACHINE
    assert "Sprachcafé" in rows["ar"].title and rows["ar"].title.startswith("[")
    assert rows["de"].state == TranslationState.ORIGINAL
    row.refresh_from_db()
    assert row.mt_used_characters == 2 * len("SprachcaféDeutsch üben")
    page = client.get(reverse("directory:offer_edit", args=[offer.pk])).content.decode()
    assert "maschinell übersetzt" in page


def test_reviewed_translations_are_not_overwritten(network: Any, stand_in: Any) -> None:
    url, state = stand_in
    _configure(network.district, url, "libretranslate")
    offer = _offer(network)
    OfferTranslationFactory(offer=offer, language="en", title="Language café")
    services.machine_translation_request(actor=network.staff, offer=offer)
    assert OfferTranslation.objects.get(offer=offer, language="en").title == "Language café"
    assert [r["body"]["target"] for r in state.requests] == ["ar"]


def test_budget_exceeded_refuses_and_translates_nothing(
    client: Any, network: Any, stand_in: Any
) -> None:
    url, state = stand_in
    _configure(network.district, url, "deepl", budget=10)
    offer = _offer(network)
    client.force_login(network.staff)
    response = client.post(
        reverse("directory:offer_machine_translate", args=[offer.pk]), follow=True
    )
    assert "Zeichenkontingent" in response.content.decode()
    assert state.requests == []
    assert not OfferTranslation.objects.filter(offer=offer).exclude(language="de").exists()
    assert TranslationJob.objects.get(offer=offer).state == TranslationJob.State.FAILED


def test_budget_resets_in_a_new_month(network: Any, stand_in: Any) -> None:
    url, _state = stand_in
    row = _configure(network.district, url, "deepl", budget=100)
    row.mt_used_characters = 100
    row.mt_period = "2000-01"
    row.save()
    offer = _offer(network)
    job = services.machine_translation_request(actor=network.staff, offer=offer)
    assert job.state == TranslationJob.State.DONE
    row.refresh_from_db()
    assert row.mt_used_characters == 2 * len("SprachcaféDeutsch üben")


@pytest.mark.parametrize("failure", ["http500", "timeout"])
def test_provider_failure_is_shown_not_a_server_error(
    client: Any, network: Any, stand_in: Any, failure: str, monkeypatch: Any
) -> None:
    url, state = stand_in
    _configure(network.district, url, "deepl")
    if failure == "http500":
        state.status = 500
    else:
        state.delay = 1.0
        monkeypatch.setattr("directory.translation.TIMEOUT_SECONDS", 0.2)
        monkeypatch.setattr(DeepLProvider.__init__, "__kwdefaults__", {"timeout": 0.2})
    offer = _offer(network)
    client.force_login(network.staff)
    response = client.post(
        reverse("directory:offer_machine_translate", args=[offer.pk]), follow=True
    )
    assert response.status_code == 200
    page = response.content.decode()
    expected = "HTTP 500" if failure == "http500" else "nicht rechtzeitig"
    assert expected in page
    assert TranslationJob.objects.get(offer=offer).state == TranslationJob.State.FAILED
    assert not OfferTranslation.objects.filter(offer=offer).exclude(language="de").exists()


def test_unsupported_language_is_reported_and_others_done(network: Any, stand_in: Any) -> None:
    url, _state = stand_in
    _configure(network.district, url, "deepl", languages=["de", "en", "fa"])
    offer = _offer(network)
    job = services.machine_translation_request(actor=network.staff, offer=offer)
    assert job.state == TranslationJob.State.PARTIAL
    assert "fa" in job.message
    assert OfferTranslation.objects.filter(offer=offer, language="en").exists()
    assert not OfferTranslation.objects.filter(offer=offer, language="fa").exists()


def test_without_provider_the_page_says_so(client: Any, network: Any) -> None:
    offer = _offer(network)
    client.force_login(network.staff)
    response = client.post(
        reverse("directory:offer_machine_translate", args=[offer.pk]), follow=True
    )
    assert "keine maschinelle Übersetzung eingerichtet" in response.content.decode()


def test_settings_never_show_the_key_and_keep_it_when_left_empty(client: Any, network: Any) -> None:
    row = _configure(network.district, "https://api.deepl.com", "deepl")
    client.force_login(network.coordinator)
    page = client.get(reverse("directory:settings")).content.decode()
    assert "geheimer-schluessel-1234" not in page
    assert "1234" in page  # the last four characters, to recognise it
    response = client.post(
        reverse("directory:settings"),
        {
            "languages": ["en", "ar"],
            "mt_provider": "deepl",
            "mt_url": "https://api.deepl.com",
            "mt_api_key": "",
            "mt_monthly_characters": "5000",
            "data_licence": "CC BY 4.0",
        },
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.mt_api_key == "geheimer-schluessel-1234"
    assert row.languages == ["de", "en", "ar"]
    assert row.mt_monthly_characters == 5000


def test_settings_are_for_coordinators(client: Any, network: Any) -> None:
    client.force_login(network.org_admin)
    assert client.get(reverse("directory:settings")).status_code == 403
