"""Community submissions: the public form, its spam checks and the moderation queue."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import pytest
from django.core import mail, signing
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from directory.forms.submissions import FORM_SALT
from directory.models import Event, Offer, Status, Submission


def _url(network: Any, lang: str = "de", name: str = "public:submit") -> str:
    return reverse(name, kwargs={"district_slug": network.district.slug, "lang": lang})


def _token(seconds_ago: float = 10) -> str:
    return signing.dumps(timezone.now().timestamp() - seconds_ago, salt=FORM_SALT)


def _post(**overrides: Any) -> dict[str, Any]:
    data = {
        "kind": "offer",
        "title": "Sprachcafé im Pfarrheim",
        "description": "Deutsch üben bei Kaffee und Kuchen.",
        "when": "jeden Dienstag 15–17 Uhr",
        "where": "Pfarrheim St. Peter",
        "email": "helga@example.org",
        "name": "Helga Beispiel",
        "consent": "on",
        "website": "",
        "started": _token(),
    }
    data.update(overrides)
    return data


def test_the_form_opens_without_an_account(client: Any, network: Any) -> None:
    page = client.get(_url(network, "ar")).content.decode()
    assert 'dir="rtl"' in page
    assert 'name="website"' in page and 'aria-hidden="true"' in page


def test_happy_path_creates_a_submitted_offer(client: Any, network: Any) -> None:
    response = client.post(_url(network, "uk"), _post())
    assert response.status_code == 302
    assert response["Location"] == _url(network, "uk", "public:submit_thanks")
    offer = Offer.objects.get()
    assert offer.status == Status.SUBMITTED and offer.organisation is None
    original = offer.translations.get(language="de")
    assert original.title == "Sprachcafé im Pfarrheim"
    assert (
        "jeden Dienstag" in original.description and "Pfarrheim St. Peter" in original.description
    )
    submission = Submission.objects.get()
    assert (submission.email, submission.language) == ("helga@example.org", "uk")
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    assert 'lang="uk"' in thanks.content.decode()


def test_an_event_needs_a_date(client: Any, network: Any) -> None:
    response = client.post(_url(network), _post(kind="event"))
    assert response.status_code == 200
    assert not Event.objects.exists()
    response = client.post(_url(network), _post(kind="event", starts_at="2030-05-01T18:00"))
    assert response.status_code == 302
    assert Event.objects.get().status == Status.SUBMITTED


def test_honeypot_stores_nothing(client: Any, network: Any) -> None:
    response = client.post(_url(network), _post(website="http://spam.example"))
    assert response.status_code == 302
    assert not Offer.objects.exists() and not Submission.objects.exists()


def test_too_fast_is_refused(client: Any, network: Any) -> None:
    response = client.post(_url(network), _post(started=_token(seconds_ago=1)))
    assert response.status_code == 200
    assert "sehr schnell" in response.content.decode()
    assert not Submission.objects.exists()


def test_forged_timestamp_is_refused(client: Any, network: Any) -> None:
    response = client.post(_url(network), _post(started="1700000000"))
    assert response.status_code == 200
    assert not Submission.objects.exists()


def test_rate_limit_per_address(client: Any, network: Any) -> None:
    for _ in range(5):
        assert client.post(_url(network), _post()).status_code == 302
    response = client.post(_url(network), _post())
    assert response.status_code == 429
    assert Submission.objects.count() == 5
    other = client.post(_url(network), _post(), REMOTE_ADDR="10.9.8.7")
    assert other.status_code == 302


def test_without_consent_nothing_is_stored(client: Any, network: Any) -> None:
    data = _post()
    del data["consent"]
    assert client.post(_url(network), data).status_code == 200
    assert not Submission.objects.exists()


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("de", "Dieser Text enthält Zeichen, die nicht richtig übertragen wurden."),
        ("en", "This text contains characters that were not transmitted correctly."),
    ],
)
def test_bytes_that_are_not_utf8_are_refused_and_nothing_is_stored(
    client: Any, network: Any, lang: str, message: str
) -> None:
    fields = {key: value for key, value in _post().items() if key != "title"}
    body = b"title=%FF%FE%C3(abc&" + urlencode(fields).encode("ascii")
    response = client.post(
        _url(network, lang), data=body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert not Offer.objects.exists() and not Submission.objects.exists()


def _submit(client: Any, network: Any, lang: str = "en") -> Submission:
    client.post(_url(network, lang), _post())
    return Submission.objects.get()


def test_nothing_about_the_submitter_is_published(client: Any, network: Any) -> None:
    submission = _submit(client, network)
    client.force_login(network.coordinator)
    response = client.post(reverse("directory:submission_publish", args=[submission.pk]))
    assert response.status_code == 302
    offer = Offer.objects.get()
    assert offer.status == Status.PUBLISHED
    client.logout()
    page = client.get(
        reverse(
            "public:offer",
            kwargs={"district_slug": network.district.slug, "lang": "de", "pk": offer.pk},
        )
    ).content.decode()
    assert "Sprachcafé im Pfarrheim" in page
    assert "helga@example.org" not in page and "Helga Beispiel" not in page


def test_publish_tells_the_submitter_and_forgets_them(client: Any, network: Any) -> None:
    submission = _submit(client, network, lang="en")
    client.force_login(network.org_admin)
    queue = client.get(reverse("directory:submission_list")).content.decode()
    assert "Sprachcafé im Pfarrheim" in queue
    client.post(
        reverse("directory:submission_publish", args=[submission.pk]),
        {"message": "Schön, danke!"},
    )
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["helga@example.org"]
    assert "Schön, danke!" in mail.outbox[0].body
    submission.refresh_from_db()
    assert (submission.email, submission.name) == ("", "")
    assert submission.decided_by == network.org_admin
    assert "Sprachcafé" not in client.get(reverse("directory:submission_list")).content.decode()


def test_reject_needs_a_message_then_mails_and_forgets(client: Any, network: Any) -> None:
    submission = _submit(client, network)
    client.force_login(network.coordinator)
    url = reverse("directory:submission_reject", args=[submission.pk])
    client.post(url, {"message": ""})
    submission.refresh_from_db()
    assert submission.decided_at is None and not mail.outbox
    client.post(url, {"message": "Das Angebot gibt es leider nicht mehr."})
    submission.refresh_from_db()
    assert Offer.objects.get().status == Status.REJECTED
    assert mail.outbox[0].to == ["helga@example.org"]
    assert "gibt es leider nicht mehr" in mail.outbox[0].body
    assert (submission.email, submission.name) == ("", "")


def test_moderator_edits_before_publishing(client: Any, network: Any) -> None:
    submission = _submit(client, network)
    client.force_login(network.coordinator)
    page = client.get(reverse("directory:submission_detail", args=[submission.pk]))
    assert "helga@example.org" in page.content.decode()
    response = client.post(
        reverse("directory:submission_detail", args=[submission.pk]),
        {
            "title": "Sprachcafé St. Peter",
            "kind": "activity",
            "format": "in_person",
            "topics": ["language"],
            "organisation": network.office.pk,
        },
    )
    assert response.status_code == 302
    offer = Offer.objects.get()
    assert offer.translations.get(language="de").title == "Sprachcafé St. Peter"
    assert offer.organisation == network.office and offer.status == Status.SUBMITTED


@pytest.mark.parametrize("role", ["staff", "volunteer"])
def test_queue_is_for_coordinators_and_org_admins(client: Any, network: Any, role: str) -> None:
    client.force_login(getattr(network, role))
    assert client.get(reverse("directory:submission_list")).status_code == 403


@settings(
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    kind=st.sampled_from(["offer", "event", "", "hack"]),
    title=st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=250),
    email=st.sampled_from(["", "kein-at", "a@example.org", "x" * 300]),
    starts=st.sampled_from(["", "2030-01-01T10:00", "morgen", "2030-13-40T99:99"]),
    honeypot=st.sampled_from(["", "x"]),
)
def test_submission_form_fuzz_never_500(
    client: Any, network: Any, kind: str, title: str, email: str, starts: str, honeypot: str
) -> None:
    from django.core.cache import cache

    cache.clear()
    before = Submission.objects.count()
    response = client.post(
        _url(network),
        _post(kind=kind, title=title, email=email, starts_at=starts, website=honeypot),
    )
    assert response.status_code in (200, 302)
    created = Submission.objects.count() - before
    valid = (
        kind in ("offer", "event")
        and 0 < len(title.strip()) <= 200
        and "\x00" not in title
        and "\ufffd" not in title  # what undecodable bytes become: refused
        and email == "a@example.org"
        and not honeypot
        # An offer's date is optional, but a date that is given must be a real one.
        and (
            starts in ("", "2030-01-01T10:00") if kind == "offer" else starts == "2030-01-01T10:00"
        )
    )
    assert created == (1 if valid else 0)
