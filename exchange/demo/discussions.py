"""Demo content of the discussions area (see the package docstring).

Mayen-Koblenz: the question "Anerkennung ausländischer Abschlüsse" from the Caritas migration
counselling that mentions the job centre (so its staff member finds a mention notification),
a thread the volunteer guide opened with replies and a marked solution, and a closed thread.
Koblenz: one thread, so that switching districts shows separated content. Everything goes
through the services; a thread whose title exists already is left alone.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from districts.models import Topic

from ..models.discussions import Thread
from ..services import discussions as services

RECOGNITION = "Anerkennung ausländischer Abschlüsse"


def seed(district: Any, people: Any, *, today: dt.date, created: Counter[str]) -> None:
    """Create what is missing of this area's demo in `district`; count it in `created`."""
    if district.slug == "mayen-koblenz":
        _mayen_koblenz(district, people, created)
    elif district.slug == "koblenz":
        _koblenz(district, people, created)


def _exists(district: Any, title: str) -> bool:
    return Thread.objects.for_district(district).filter(title=title).exists()


def _topic(district: Any, name: str) -> Any:
    return Topic.objects.for_district(district).filter(name=name).first()


def _mayen_koblenz(district: Any, people: Any, created: Counter[str]) -> None:
    caritas_admin = people.user("orga-admin@mayen-koblenz.example.org")
    coordinator = people.user("koordination@mayen-koblenz.example.org")
    guide = people.user("lotsin@mayen-koblenz.example.org")
    caseworker = people.user("fallarbeit@mayen-koblenz.example.org")
    jobcentre = people.organisation("Jobcenter Mayen-Koblenz")

    if caritas_admin and not _exists(district, RECOGNITION):
        services.thread_create(
            actor=caritas_admin,
            district=district,
            title=RECOGNITION,
            topic=_topic(district, "Arbeit & Ausbildung"),
            body=(
                "<p>In unserer Beratung sitzen gerade mehrere Menschen mit einem Abschluss als "
                "Pflegefachkraft oder Elektrikerin aus ihrem Herkunftsland. Sie möchten wissen, "
                "wie lange die Anerkennung dauert und ob sie in der Zwischenzeit schon arbeiten "
                "dürfen.</p>"
                "<ul><li>Wer übernimmt die Kosten für Übersetzungen und Gebühren?</li>"
                "<li>Gibt es eine feste Ansprechperson im Jobcenter für Anerkennungsfragen?</li>"
                "</ul><p>Danke für Ihre Erfahrungen!</p>"
            ),
            mentioned_organisations=[jobcentre] if jobcentre else [],
        )
        created[str(Thread._meta.verbose_name_plural)] += 1

    title = "Begleitung zu Terminen bei Behörden: Was dürfen Lotsinnen?"
    if guide and coordinator and not _exists(district, title):
        thread = services.thread_create(
            actor=guide,
            district=district,
            title=title,
            topic=_topic(district, "Teilhabe & Ehrenamt"),
            body=(
                "<p>Eine Familie, die ich begleite, hat nächste Woche einen Termin bei der "
                "Ausländerbehörde. Darf ich mit in das Gespräch, und muss ich dafür etwas "
                "unterschreiben?</p>"
            ),
        )
        answer = services.reply_create(
            actor=coordinator,
            thread=thread,
            body=(
                "<p>Ja, Sie dürfen als Beistand mitkommen. Bringen Sie eine kurze schriftliche "
                "Einverständniserklärung der Familie mit; eine Vorlage liegt im Werkzeugkoffer "
                "unter „Ehrenamt“.</p>"
            ),
        )
        if caseworker:
            services.reply_create(
                actor=caseworker,
                thread=thread,
                body=(
                    "<p>Aus unserer Erfahrung hilft es, vorher gemeinsam die Unterlagen "
                    "durchzugehen. Dann bleibt im Termin mehr Zeit für die Fragen der Familie.</p>"
                ),
            )
        services.reply_create(
            actor=guide, thread=thread, body="<p>Vielen Dank, das hilft mir sehr!</p>"
        )
        services.reply_mark_solution(actor=guide, thread=thread, reply=answer)
        created[str(Thread._meta.verbose_name_plural)] += 1

    title = "Raum für das Sprachcafé im Dezember"
    if coordinator and not _exists(district, title):
        thread = services.thread_create(
            actor=coordinator,
            district=district,
            title=title,
            topic=_topic(district, "Sprache & Bildung"),
            body=(
                "<p>Das Sprachcafé braucht im Dezember einen anderen Raum. Wer kann an zwei "
                "Nachmittagen einen Raum für etwa 20 Personen anbieten?</p>"
            ),
        )
        if caritas_admin:
            services.reply_create(
                actor=caritas_admin,
                thread=thread,
                body="<p>Unser Gruppenraum in Mayen ist an beiden Terminen frei.</p>",
            )
        services.thread_close(actor=coordinator, thread=thread)
        created[str(Thread._meta.verbose_name_plural)] += 1


def _koblenz(district: Any, people: Any, created: Counter[str]) -> None:
    coordinator = people.user("koordination@koblenz.example.org")
    title = "Dolmetschpool für Beratungsgespräche"
    if coordinator and not _exists(district, title):
        services.thread_create(
            actor=coordinator,
            district=district,
            title=title,
            body=(
                "<p>Wir möchten einen gemeinsamen Pool von Sprachmittlerinnen und "
                "Sprachmittlern aufbauen. Welche Sprachen brauchen Sie am häufigsten?</p>"
            ),
        )
        created[str(Thread._meta.verbose_name_plural)] += 1
