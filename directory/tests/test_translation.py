"""Machine translation through a local stand-in HTTP server for DeepL and LibreTranslate."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse

from core.models import AuditEvent
from directory.models import (
    DirectorySettings,
    EventTranslation,
    OfferTranslation,
    PlaceTranslation,
    TranslationJob,
    TranslationState,
)
from directory.services import directory_settings, machine_translation
from directory.tests.factories import (
    EventFactory,
    OfferFactory,
    OfferTranslationFactory,
    PlaceFactory,
    PlaceTranslationFactory,
)
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
    row = directory_settings.settings_for(district)
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
    machine_translation.machine_translation_request(actor=network.staff, entry=offer)
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
    job = machine_translation.machine_translation_request(actor=network.staff, entry=offer)
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
    job = machine_translation.machine_translation_request(actor=network.staff, entry=offer)
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


def test_reading_the_settings_stores_nothing_until_a_coordinator_saves(
    client: Any, network: Any
) -> None:
    offer = _offer(network)
    client.force_login(network.coordinator)
    for url in (
        reverse("directory:settings"),
        reverse("directory:index"),
        reverse("directory:offer_edit", args=[offer.pk]),
    ):
        assert client.get(url).status_code == 200
    assert not DirectorySettings.objects.exists()
    assert not AuditEvent.objects.filter(action="directory_settings.update").exists()
    response = client.post(
        reverse("directory:settings"),
        {
            "languages": ["en"],
            "mt_provider": "",
            "mt_url": "",
            "mt_api_key": "",
            "mt_monthly_characters": "0",
            "data_licence": "CC BY 4.0",
        },
    )
    assert response.status_code == 302
    assert DirectorySettings.objects.get(district=network.district).languages == ["de", "en"]
    event = AuditEvent.objects.get(action="directory_settings.update")
    assert event.actor == network.coordinator


# --- The audit record of a machine-translation run ------------------------------------------


def _run_record(offer: Any) -> AuditEvent:
    return AuditEvent.objects.get(
        action="offer.machine_translation", object_type="directory.offer", object_id=str(offer.pk)
    )


def test_a_run_is_audited_with_who_which_provider_languages_and_counts(
    network: Any, stand_in: Any
) -> None:
    url, _state = stand_in
    _configure(network.district, url, "deepl", languages=["de", "en", "ar", "fa"])
    offer = _offer(network)
    job = machine_translation.machine_translation_request(actor=network.staff, entry=offer)
    record = _run_record(offer)
    assert record.actor == network.staff
    assert record.district == network.district
    assert record.changes == {
        "provider": "deepl",
        "state": TranslationJob.State.PARTIAL,
        "languages_requested": ["en", "ar", "fa"],
        "languages": ["en", "ar"],
        "translated_count": 2,
        "failed_count": 1,
        "characters": 2 * len("SprachcaféDeutsch üben"),
        "message": job.message,
    }


def test_a_run_refused_for_the_budget_is_audited_too(network: Any, stand_in: Any) -> None:
    url, state = stand_in
    _configure(network.district, url, "libretranslate", budget=10)
    offer = _offer(network)
    machine_translation.machine_translation_request(actor=network.staff, entry=offer)
    assert state.requests == []
    changes = _run_record(offer).changes
    assert changes["provider"] == "libretranslate"
    assert changes["state"] == TranslationJob.State.FAILED
    assert changes["languages_requested"] == ["en", "ar"]
    assert (changes["languages"], changes["translated_count"], changes["characters"]) == ([], 0, 0)
    assert "Zeichenkontingent" in changes["message"]


def test_a_queued_run_whose_provider_was_switched_off_is_audited(
    network: Any, stand_in: Any
) -> None:
    url, _state = stand_in
    row = _configure(network.district, url, "deepl")
    offer = _offer(network)
    job = TranslationJob.objects.create(
        district=network.district, requested_by=network.staff, offer=offer
    )
    row.mt_provider = ""
    row.save()
    machine_translation.machine_translation_run(job=job)
    record = _run_record(offer)
    assert record.actor == network.staff
    assert record.changes["provider"] == ""
    assert record.changes["state"] == TranslationJob.State.FAILED
    assert record.changes["failed_count"] == 0


# --- Places and events ---------------------------------------------------------------------------


def _place(network: Any, organisation: Any = None) -> Any:
    place = PlaceFactory(
        district=network.district,
        organisation=organisation or network.other_org,
        name="Stadtbibliothek",
    )
    PlaceTranslationFactory(place=place, name="Stadtbibliothek", description="Bücher")
    return place


def _event(network: Any) -> Any:
    return EventFactory(
        district=network.district, organisation=network.other_org, title="Elterncafé"
    )


ENTRIES: dict[str, tuple[Any, Any, str, int]] = {
    "place": (_place, PlaceTranslation, "name", len("StadtbibliothekBücher")),
    "event": (_event, EventTranslation, "title", len("Elterncafé")),
}


@pytest.mark.parametrize("kind", ["place", "event"])
def test_place_and_event_are_machine_translated(
    client: Any, network: Any, stand_in: Any, kind: str
) -> None:
    url, _state = stand_in
    row = _configure(network.district, url, "deepl")
    make, model, field, per_language = ENTRIES[kind]
    entry = make(network)
    client.force_login(network.staff)
    response = client.post(
        reverse(f"directory:{kind}_machine_translate", args=[entry.pk]), follow=True
    )
    assert response.redirect_chain[-1][0] == reverse(f"directory:{kind}_edit", args=[entry.pk])
    rows = {r.language: r for r in model.objects.filter(**{kind: entry})}
    assert rows["en"].state == TranslationState.MACHINE
    assert rows["ar"].state == TranslationState.MACHINE
    assert getattr(rows["ar"], field).startswith("[AR] ")
    assert rows["de"].state == TranslationState.ORIGINAL
    row.refresh_from_db()
    assert row.mt_used_characters == 2 * per_language
    job = TranslationJob.objects.get(**{kind: entry})
    assert job.state == TranslationJob.State.DONE and job.entry == entry
    assert job.languages == ["en", "ar"] and job.characters == 2 * per_language
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {f"{kind}.machine_translation_request", f"{kind}.machine_translation"} <= actions
    page = response.content.decode()
    assert "Übersetzt: en, ar." in page
    assert "maschinell übersetzt" in page


@pytest.mark.parametrize("kind", ["place", "event"])
def test_reviewed_language_of_place_or_event_is_skipped(
    network: Any, stand_in: Any, kind: str
) -> None:
    url, state = stand_in
    _configure(network.district, url, "libretranslate")
    make, model, field, _per_language = ENTRIES[kind]
    entry = make(network)
    model.objects.create(
        **{kind: entry, "language": "en", "state": TranslationState.REVIEWED, field: "Reviewed"}
    )
    job = machine_translation.machine_translation_request(actor=network.staff, entry=entry)
    assert job.languages == ["ar"]
    assert getattr(model.objects.get(**{kind: entry}, language="en"), field) == "Reviewed"
    assert [r["body"]["target"] for r in state.requests] == ["ar"]


def test_place_budget_exceeded_translates_nothing(network: Any, stand_in: Any) -> None:
    url, state = stand_in
    _configure(network.district, url, "deepl", budget=10)
    place = _place(network)
    job = machine_translation.machine_translation_request(actor=network.staff, entry=place)
    assert job.state == TranslationJob.State.FAILED and "Zeichenkontingent" in job.message
    assert state.requests == []
    assert not PlaceTranslation.objects.filter(place=place).exclude(language="de").exists()


def test_staff_of_another_organisation_may_not_translate_a_place(
    client: Any, network: Any, stand_in: Any
) -> None:
    url, state = stand_in
    _configure(network.district, url, "deepl")
    place = _place(network, organisation=network.office)
    client.force_login(network.staff)
    response = client.post(reverse("directory:place_machine_translate", args=[place.pk]))
    assert response.status_code == 404
    with pytest.raises(PermissionDenied):
        machine_translation.machine_translation_request(actor=network.staff, entry=place)
    assert not TranslationJob.objects.exists()
    assert state.requests == []


@pytest.mark.parametrize("kind", ["offer", "place", "event"])
def test_edit_page_offers_the_button_only_with_a_provider(
    client: Any, network: Any, kind: str
) -> None:
    entry = _offer(network) if kind == "offer" else ENTRIES[kind][0](network)
    client.force_login(network.staff)
    edit = reverse(f"directory:{kind}_edit", args=[entry.pk])
    action = reverse(f"directory:{kind}_machine_translate", args=[entry.pk])
    page = client.get(edit).content.decode()
    assert "Maschinell übersetzen" not in page and action not in page
    _configure(network.district, "https://api.deepl.com", "deepl")
    page = client.get(edit).content.decode()
    assert "Maschinell übersetzen" in page and f'action="{action}"' in page


@pytest.mark.parametrize("kind", ["place", "event"])
def test_edit_page_lists_the_last_five_jobs(client: Any, network: Any, kind: str) -> None:
    entry = ENTRIES[kind][0](network)
    for number in range(6):
        TranslationJob.objects.create(
            district=network.district,
            state=TranslationJob.State.FAILED,
            message=f"Meldung {number}",
            **{kind: entry},
        )
    client.force_login(network.staff)
    page = client.get(reverse(f"directory:{kind}_edit", args=[entry.pk])).content.decode()
    assert page.count("Meldung ") == 5
    assert "Meldung 0" not in page


def test_a_job_belongs_to_exactly_one_entry(network: Any) -> None:
    offer = _offer(network)
    place = _place(network)
    with pytest.raises(IntegrityError), transaction.atomic():
        TranslationJob.objects.create(district=network.district, offer=offer, place=place)
    with pytest.raises(IntegrityError), transaction.atomic():
        TranslationJob.objects.create(district=network.district)
    assert TranslationJob.objects.create(district=network.district, place=place).entry == place


def test_queued_jobs_under_the_old_task_name_still_run(network: Any, stand_in: Any) -> None:
    from directory.tasks import translate_offer

    url, _state = stand_in
    _configure(network.district, url, "deepl")
    offer = _offer(network)
    job = TranslationJob.objects.create(district=network.district, offer=offer)
    translate_offer.call(job_id=job.pk)
    job.refresh_from_db()
    assert job.state == TranslationJob.State.DONE
    assert OfferTranslation.objects.get(offer=offer, language="en").state == "machine"
