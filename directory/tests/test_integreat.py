"""The Integreat import: the sample region, re-import, archiving and refused input."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from core.models import AuditEvent
from directory.integreat.report import IntegreatImportError
from directory.integreat.text import format_opening_hours, html_to_text, parse_recurrence
from directory.models import (
    Event,
    EventTranslation,
    Offer,
    OfferTranslation,
    Place,
    PlaceTranslation,
    Status,
    TranslationState,
)
from directory.services.imports import integreat_import
from districts.vocabulary import DirectoryTopic as Topic

DATA = Path(__file__).parent / "data" / "integreat"
SAMPLE = (
    "locations-de.json",
    "locations-ar.json",
    "events-de.json",
    "events-ar.json",
    "location-categories-de.json",
    "location-categories-ar.json",
    "languages.json",
)
BERLIN = ZoneInfo("Europe/Berlin")


def sample(*names: str) -> list[tuple[str, bytes]]:
    return [(name, (DATA / name).read_bytes()) for name in names or SAMPLE]


def sample_json(name: str) -> Any:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def dumped(name: str, data: Any) -> tuple[str, bytes]:
    return name, json.dumps(data, ensure_ascii=False).encode()


def run(district: Any, files: list[tuple[str, bytes]], **kwargs: Any) -> Any:
    return integreat_import(actor=None, district=district, region="kreis1", files=files, **kwargs)


def state(district: Any) -> tuple[Any, ...]:
    """Everything the import could change, to show that a refused import changed nothing."""
    return (
        sorted(Place.objects.for_district(district).values_list("external_id", "status", "name")),
        sorted(Offer.objects.for_district(district).values_list("external_id", "status")),
        sorted(Event.objects.for_district(district).values_list("external_id", "status")),
        OfferTranslation.objects.filter(offer__district=district).count(),
        EventTranslation.objects.filter(event__district=district).count(),
    )


def test_sample_region_becomes_places_offers_and_events_in_two_languages(network):
    report = run(network.district, sample())

    places = Place.objects.for_district(network.district)
    # 12 places of the locations list + 3 further places only events name (ids 21, 39, 27, 16
    # minus none of them in the list → 4)
    assert places.filter(external_id__regex=r"^integreat:kreis1:\d+$").count() == 12
    assert places.filter(external_id__startswith="integreat:kreis1:ort-").count() == 4
    assert Offer.objects.for_district(network.district).count() == 12
    # 8 single events + 1 recurring series (4 occurrences in the file)
    assert Event.objects.for_district(network.district).count() == 9
    assert OfferTranslation.objects.filter(offer__district=network.district).count() == 24
    assert EventTranslation.objects.filter(event__district=network.district).count() == 18
    assert report.counts["place.new"] == 16 and report.counts["event.new"] == 9

    place = Place.objects.get(external_id="integreat:kreis1:1")
    assert place.latitude == Decimal("48.30804") and place.longitude == Decimal("10.85090")
    assert (place.street, place.postcode, place.city) == ("Hauptstr. 0", "86150", "Augsburg")
    assert place.status == Status.PUBLISHED

    offer = Offer.objects.get(external_id="integreat:kreis1:1")
    assert offer.place == place and offer.status == Status.PUBLISHED
    assert (offer.contact_email, offer.contact_phone) == ("a@example.org", "0821 123")
    assert offer.topics == [Topic.COUNSELLING]  # category "Integration"
    language_course = Offer.objects.get(external_id="integreat:kreis1:13")  # "Sprachkurs"
    assert language_course.kind == Offer.Kind.LANGUAGE_COURSE
    assert language_course.topics == [Topic.LANGUAGE]

    german = offer.translations.get(language="de")
    arabic = offer.translations.get(language="ar")
    assert german.state == TranslationState.ORIGINAL and german.title == "Bus Arzt Arzt"
    assert arabic.state == TranslationState.REVIEWED and arabic.title == "العمل مدرسة مركز"
    assert "<" not in german.description and "\n\n" in german.description
    assert "Frau Muster" not in german.description + german.summary
    assert any("geprüft" in note for note in report.notes)


def test_recurring_series_keeps_its_rule_and_starts_at_dtstart(network):
    run(network.district, sample())

    series = Event.objects.get(external_id="integreat:kreis1:serie-6")
    assert series.rrule == "FREQ=WEEKLY;BYDAY=SA"
    assert series.starts_at == dt.datetime(2026, 11, 28, 23, 15, 46, tzinfo=dt.UTC)
    assert series.ends_at - series.starts_at == dt.timedelta(hours=2)
    assert series.translations.get(language="ar").title == "تدريب نساء العمل"

    single = Event.objects.get(external_id="integreat:kreis1:169")
    assert single.rrule == "" and single.starts_at.astimezone(BERLIN).hour == 4
    assert single.place is not None and single.place.name == "Kinder Aufenthalt Landratsamt"
    assert single.translations.get(language="ar").state == TranslationState.REVIEWED


def test_reimport_updates_instead_of_duplicating(network):
    run(network.district, sample())
    before = state(network.district)
    locations = sample_json("locations-de.json")
    locations[0]["title"] = "Integrationsberatung am Markt"
    locations[0]["location"]["latitude"] = 48.4

    report = run(
        network.district,
        [dumped("locations-de.json", locations), *sample(*SAMPLE[1:])],
    )

    assert state(network.district)[1:] == before[1:]  # same offers, events, translations
    assert report.counts["place.new"] == 0 and report.counts["place.updated"] == 16
    place = Place.objects.get(external_id="integreat:kreis1:1")
    assert place.name == "Integrationsberatung am Markt"
    assert place.latitude == Decimal("48.40000")
    title = OfferTranslation.objects.get(offer__external_id="integreat:kreis1:1", language="de")
    assert title.title == "Integrationsberatung am Markt"


def test_points_far_from_the_kreis_are_dropped_points_near_it_kept(db):
    """The sample lies in and around Augsburg: imported into the Landkreis Augsburg, the places
    in the city it surrounds are outside its outline but near, so they keep their coordinates;
    (0, 0) and Sydney are slips and come without coordinates, with a note."""
    from conftest import build_network
    from districts.models import Kreis

    network = build_network(kreis=Kreis.objects.get(ags="09772"))
    locations = sample_json("locations-de.json")
    locations[0]["location"].update(latitude=0, longitude=0)
    locations[1]["location"].update(latitude=-33.87, longitude=151.21)

    report = run(network.district, [dumped("locations-de.json", locations), *sample(*SAMPLE[1:])])

    assert report.ok
    places = Place.objects.for_district(network.district)
    for ident in (1, 7):
        place = places.get(external_id=f"integreat:kreis1:{ident}")
        assert (place.latitude, place.longitude) == (None, None)
        assert any(
            f"id {ident}:" in note and "außerhalb des Kreises" in note for note in report.notes
        )
    city = places.get(external_id="integreat:kreis1:13")  # in the city of Augsburg
    assert city.latitude == Decimal("48.32405")
    assert places.exclude(latitude=None).count() == places.count() - 2


def test_items_gone_from_the_source_are_archived_not_deleted(network):
    run(network.district, sample())
    locations = sample_json("locations-de.json")[1:]  # id 1 is gone
    arabic = sample_json("locations-ar.json")[1:]
    events = [e for e in sample_json("events-de.json") if e["id"] != 169]
    events_ar = [e for e in sample_json("events-ar.json") if e["id"] != 171]

    report = run(
        network.district,
        [
            dumped("locations-de.json", locations),
            dumped("locations-ar.json", arabic),
            dumped("events-de.json", events),
            dumped("events-ar.json", events_ar),
        ],
    )

    assert Place.objects.get(external_id="integreat:kreis1:1").status == Status.ARCHIVED
    assert Offer.objects.get(external_id="integreat:kreis1:1").status == Status.ARCHIVED
    assert Event.objects.get(external_id="integreat:kreis1:169").status == Status.ARCHIVED
    assert Offer.objects.get(external_id="integreat:kreis1:7").status == Status.PUBLISHED
    assert report.counts["offer.archived"] == 1 and report.counts["event.archived"] == 1
    # back in the source: published again
    run(network.district, sample())
    assert Offer.objects.get(external_id="integreat:kreis1:1").status == Status.PUBLISHED


def test_other_regions_and_districts_are_untouched(network, other_network):
    run(network.district, sample())
    integreat_import(actor=None, district=other_network.district, region="kreis1", files=sample())
    integreat_import(
        actor=None,
        district=network.district,
        region="kreis2",
        files=sample("locations-de.json"),
    )
    assert (
        Offer.objects.for_district(network.district).filter(status=Status.PUBLISHED).count() == 24
    )
    assert Offer.objects.for_district(other_network.district).count() == 12


def broken_inputs() -> list[tuple[str, list[tuple[str, bytes]], str]]:
    locations = sample_json("locations-de.json")
    wrong_types = json.loads(json.dumps(locations))
    wrong_types[2]["id"] = "dreizehn"
    wrong_types[3]["location"]["latitude"] = "nördlich"
    wrong_types[4]["barrier_free"] = "ja"
    arabic = sample_json("locations-ar.json")
    arabic[5]["available_languages"]["de"]["id"] = 999
    events = sample_json("events-de.json")
    events[0]["recurrence_rule"] = "DTSTART:gestern\nRRULE:FREQ=SOMETIMES"
    return [
        ("invalid json", [("locations-de.json", b'[{"id": 1, "title": ')], "Kein gültiges JSON"),
        ("not a list", [("locations-de.json", b'{"id": 1}')], "Liste"),
        ("empty list", [("locations-de.json", b"[]")], "keine Einträge"),
        ("missing German", sample("locations-ar.json", "events-de.json"), "deutsche Datei fehlt"),
        (
            "unknown translation id",
            [*sample("locations-de.json"), dumped("locations-ar.json", arabic)],
            "id 999",
        ),
        ("wrong types", [dumped("locations-de.json", wrong_types)], "falschen Typ"),
        ("bad rule", [dumped("events-de.json", events)], "Wiederholungsregel"),
        ("unknown file", [("notizen.txt", b"hallo")], "Unbekannter Dateiname"),
        ("not utf-8", [("events-de.json", '["Stra\xdfe"]'.encode("latin-1"))], "UTF-8"),
    ]


@pytest.mark.parametrize(
    ("files", "expected"),
    [pytest.param(files, expected, id=name) for name, files, expected in broken_inputs()],
)
def test_broken_input_is_refused_with_a_clear_report_and_nothing_changes(network, files, expected):
    run(network.district, sample())
    before = state(network.district)
    audits = AuditEvent.objects.count()

    with pytest.raises(IntegreatImportError) as refused:
        run(network.district, files)

    messages = [str(problem) for problem in refused.value.report.problems]
    assert any(expected in message for message in messages), messages
    assert all(problem.file for problem in refused.value.report.problems)
    assert state(network.district) == before
    assert AuditEvent.objects.count() == audits


def test_wrong_types_are_each_named_by_file_and_item(network):
    locations = sample_json("locations-de.json")
    locations[2]["id"] = "dreizehn"
    locations[3]["location"]["latitude"] = "nördlich"

    with pytest.raises(IntegreatImportError) as refused:
        run(network.district, [dumped("locations-de.json", locations)])

    messages = [str(problem) for problem in refused.value.report.problems]
    assert any(m.startswith("locations-de.json, Eintrag 3") and "„id“" in m for m in messages)
    assert any("Eintrag 4" in m and "„latitude“" in m for m in messages)
    assert not Place.objects.exists()


def test_missing_translation_of_a_german_item_is_reported(network):
    arabic = sample_json("locations-ar.json")[:-1]
    with pytest.raises(IntegreatImportError) as refused:
        run(network.district, [*sample("locations-de.json"), dumped("locations-ar.json", arabic)])
    assert any("„ar“ mit id 69 fehlt" in str(p) for p in refused.value.report.problems)


def test_dry_run_reports_the_counts_and_writes_nothing(network):
    report = run(network.district, sample(), dry_run=True)
    assert report.counts["offer.new"] == 12 and report.counts["event.new"] == 9
    assert (
        not Place.objects.exists()
        and not AuditEvent.objects.filter(action="directory.integreat_import").exists()
    )


def test_zip_archive_of_the_files_is_accepted(network):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in sample():
            archive.writestr(f"kreis1/{name}", data)
    run(network.district, [("kreis1.zip", buffer.getvalue())])
    assert Offer.objects.for_district(network.district).count() == 12


def test_broken_zip_is_refused(network):
    with pytest.raises(IntegreatImportError) as refused:
        run(network.district, [("kreis1.zip", b"PK\x03\x04kaputt")])
    assert "ZIP" in str(refused.value.report.problems[0])


def test_audit_record_names_the_region_and_counts(network):
    run(network.district, sample())
    event = AuditEvent.objects.get(action="directory.integreat_import")
    assert event.district == network.district
    assert event.changes["region"] == "kreis1" and event.changes["counts"]["offer.new"] == 12


def test_only_coordinators_may_import(network):
    with pytest.raises(PermissionDenied):
        integreat_import(
            actor=network.staff, district=network.district, region="kreis1", files=sample()
        )
    report = integreat_import(
        actor=network.coordinator, district=network.district, region="kreis1", files=sample()
    )
    assert report.ok


def test_html_becomes_plain_text_with_paragraphs():
    html = (
        "<h2>Beratung</h2><p>Mo &amp; Di<br>im <b>Rathaus</b></p>"
        "<script>alert(1)</script><ul><li>eins</li><li>zwei</li></ul>"
        '<p><a href="https://example.org/x">Anmeldung</a> <a href="javascript:x()">weg</a></p>'
    )
    assert html_to_text(html) == (
        "Beratung\n\nMo & Di\n\nim Rathaus\n\n– eins\n\n– zwei\n\n"
        "Anmeldung (https://example.org/x) weg"
    )


def test_opening_hours_and_recurrence_helpers():
    closed = {"allDay": False, "closed": True, "appointmentOnly": False, "timeSlots": []}
    monday = {
        "allDay": False,
        "closed": False,
        "appointmentOnly": False,
        "timeSlots": [{"start": "08:00", "end": "12:00"}, {"start": "14:00", "end": "16:00"}],
    }
    hours = format_opening_hours([monday, closed, closed, closed, closed, closed, closed], "de")
    assert hours == "Mo 08:00–12:00, 14:00–16:00"

    rule = parse_recurrence(
        "DTSTART;TZID=Europe/Berlin:20260106T170000\nRRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TU\n"
        "EXDATE;TZID=Europe/Berlin:20260203T170000",
        "Europe/Berlin",
    )
    assert rule.starts_at == dt.datetime(2026, 1, 6, 17, tzinfo=BERLIN)
    assert rule.rrule == "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU" and rule.exdates == ["2026-02-03"]


def test_command_imports_and_reports(network, capsys):
    paths = [str(DATA / name) for name in SAMPLE]
    call_command(
        "import_integreat", "--district", network.district.slug, "--region", "kreis1", *paths
    )
    out = capsys.readouterr().out
    assert "12" in out and "Angebote" in out
    assert Offer.objects.for_district(network.district).count() == 12


def test_command_refuses_broken_files_with_the_report(network, tmp_path):
    broken = tmp_path / "locations-de.json"
    broken.write_text("[{", encoding="utf-8")
    with pytest.raises(CommandError) as refused:
        call_command(
            "import_integreat", "--district", network.district.slug, "--region", "kreis1", broken
        )
    assert "locations-de.json" in str(refused.value) and "JSON" in str(refused.value)
    with pytest.raises(CommandError, match="Kreis"):
        call_command("import_integreat", "--district", "nirgendwo", "--region", "kreis1", broken)
    assert not Place.objects.exists()


def test_command_dry_run_writes_nothing(network, capsys):
    paths = [str(DATA / name) for name in SAMPLE]
    call_command(
        "import_integreat",
        "--district",
        network.district.slug,
        "--region",
        "kreis1",
        "--dry-run",
        *paths,
    )
    assert "Probelauf" in capsys.readouterr().out
    assert not PlaceTranslation.objects.exists()
