"""Demo content of the news area (see the package docstring).

Mayen-Koblenz: a pinned, important post from the integration office about changed appointment
rules at the foreigners' authority (fictional) with a comment from the job centre, a post opened
to volunteers, and one for chosen organisations only. Koblenz: one post, so that switching
districts shows separated content. Everything goes through the services, so the notifications
exist; a post whose title exists already is left alone.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from districts.audience import Audience

from ..models.news import NewsComment, NewsPost
from ..services import news as services

APPOINTMENTS = "Ausländerbehörde: Vorsprachen ab 1. März nur noch mit Termin"


def seed(district: Any, people: Any, *, today: dt.date, created: Counter[str]) -> None:
    """Create what is missing of this area's demo in `district`; count it in `created`."""
    if district.slug == "mayen-koblenz":
        _mayen_koblenz(district, people, created)
    elif district.slug == "koblenz":
        _koblenz(district, people, created)


def _exists(district: Any, title: str) -> bool:
    return NewsPost.objects.for_district(district).filter(title=title).exists()


def _mayen_koblenz(district: Any, people: Any, created: Counter[str]) -> None:
    coordinator = people.user("koordination@mayen-koblenz.example.org")
    jobcentre_staff = people.user("fachkraft@mayen-koblenz.example.org")
    if coordinator is None:
        return

    if not _exists(district, APPOINTMENTS):
        post = services.news_post_create(
            actor=coordinator,
            district=district,
            title=APPOINTMENTS,
            body=(
                "<p>Die Ausländerbehörde der Kreisverwaltung stellt ihre Sprechzeiten um: Ab dem "
                "1. März sind Vorsprachen nur noch mit vereinbartem Termin möglich. Die offene "
                "Sprechstunde am Donnerstagvormittag entfällt.</p>"
                "<h3>Was sich für Ihre Klientinnen und Klienten ändert</h3>"
                "<ul><li>Termine gibt es online oder telefonisch über die zentrale Servicenummer "
                "der Kreisverwaltung.</li>"
                "<li>Für ablaufende Aufenthaltstitel reicht es, den Termin vor Ablauf zu buchen; "
                "die Fiktionsbescheinigung wird dann beim Termin ausgestellt.</li>"
                "<li>In dringenden Fällen (zum Beispiel drohender Verlust eines Arbeitsplatzes) "
                "können Beratungsstellen eine Kurzvorsprache über das Integrationsbüro "
                "anfragen.</li></ul>"
                "<p>Bitte weisen Sie die Menschen, die Sie beraten, frühzeitig darauf hin. Fragen "
                "beantworten wir gern hier in den Kommentaren.</p>"
            ),
            audience=Audience.NETWORK,
            pinned=True,
            important=True,
        )
        created[str(NewsPost._meta.verbose_name_plural)] += 1
        if jobcentre_staff is not None:
            services.news_comment_create(
                actor=jobcentre_staff,
                post=post,
                body=(
                    "<p>Danke für den Hinweis! Gilt die Kurzvorsprache auch, wenn eine "
                    "Arbeitsaufnahme an der fehlenden Beschäftigungserlaubnis hängt?</p>"
                ),
            )
            created[str(NewsComment._meta.verbose_name_plural)] += 1

    title = "Lotsinnen und Lotsen: Austauschabend im Frühjahr"
    if not _exists(district, title):
        services.news_post_create(
            actor=coordinator,
            district=district,
            title=title,
            body=(
                "<p>Wir laden alle Integrationslotsinnen und -lotsen sowie die hauptamtlichen "
                "Begleiterinnen und Begleiter zu einem Austauschabend ein. Themen sind die "
                "Begleitung zu Behördenterminen und die neuen Sprechzeiten der "
                "Ausländerbehörde.</p>"
                "<p>Für Getränke und einen kleinen Imbiss ist gesorgt. Bitte geben Sie kurz "
                "Bescheid, ob Sie kommen.</p>"
            ),
            audience=Audience.NETWORK,
            include_volunteers=True,
        )
        created[str(NewsPost._meta.verbose_name_plural)] += 1

    title = "Abstimmung Arbeitsmarktzugang: Unterlagen für die nächste Runde"
    chosen = [
        org
        for org in (
            people.organisation("Jobcenter Mayen-Koblenz"),
            people.organisation("Agentur für Arbeit Koblenz-Mayen"),
            people.organisation("Ausländerbehörde der Kreisverwaltung Mayen-Koblenz"),
        )
        if org is not None
    ]
    if chosen and not _exists(district, title):
        services.news_post_create(
            actor=coordinator,
            district=district,
            title=title,
            body=(
                "<p>Für die Abstimmungsrunde zum Arbeitsmarktzugang von Geflüchteten haben wir "
                "die offenen Fälle ohne Personenbezug zusammengefasst. Bitte bringen Sie Ihre "
                "Rückmeldungen zu den Bearbeitungszeiten mit.</p>"
            ),
            audience=Audience.ORGANISATIONS,
            organisations=chosen,
        )
        created[str(NewsPost._meta.verbose_name_plural)] += 1


def _koblenz(district: Any, people: Any, created: Counter[str]) -> None:
    coordinator = people.user("koordination@koblenz.example.org")
    title = "Willkommen im Austausch des Koblenzer Integrationsnetzwerks"
    if coordinator is None or _exists(district, title):
        return
    services.news_post_create(
        actor=coordinator,
        district=district,
        title=title,
        body=(
            "<p>Hier veröffentlicht das Integrationsbüro Neuigkeiten für alle Organisationen des "
            "Netzwerks. Kommentare und Fragen sind willkommen.</p>"
        ),
        audience=Audience.NETWORK,
        include_volunteers=True,
    )
    created[str(NewsPost._meta.verbose_name_plural)] += 1
