"""Demo content of the library area: the toolkit (Werkzeugkoffer).

Mayen-Koblenz's library follows the structure of the BAMF model project's "Willkommensbehörde"
toolkit: self-understanding, internal organisation, appearance and communication, staff
competences (with referral counselling) and networking. Every document is generated here – a PDF
rendered with WeasyPrint from a template of Lotse's own, a checklist as text, a contact-list
template as CSV and a mission statement draft as OpenDocument text – so no third-party file is
shipped. The referral guide has two versions: the job centre's staff member sees "new version".
Koblenz gets a small library of its own. Idempotent: folders and documents are looked up by name.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections import Counter
from typing import Any
from xml.sax.saxutils import escape

from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import timezone

from districts.audience import Audience
from districts.models import District

from ..models.library import Document, DocumentVersion, Folder
from ..services import library as services

GUIDE = "Leitfaden Verweisberatung"
CHECKLIST = "Checkliste Erstkontakt am Servicepunkt"
CONTACTS = "Kontaktliste Netzwerkpartner (Vorlage)"
MISSION = "Entwurf: Unser Selbstverständnis als Willkommensbehörde"
SIGNS = "Wegweiser im Haus: Hinweise für die Beschilderung"

TOOLKIT = (
    (
        "Selbstverständnis",
        "Wie wir als Verwaltung Zugewanderten begegnen: Leitbild, Haltung, Transparenz über "
        "Abläufe.",
        (),
    ),
    (
        "Interne Organisation",
        "Abläufe, Terminvergabe, mobile Arbeitsplätze und Zusammenarbeit zwischen den Ämtern.",
        (),
    ),
    (
        "Außenauftritt und Kommunikation",
        "Leitsystem im Haus, mehrsprachige Informationen, Briefe in verständlicher Sprache.",
        (),
    ),
    (
        "Kompetenzen der Mitarbeitenden",
        "Schulungen, interkulturelle Kompetenz und Beratung als Dienstleistung.",
        (("Verweisberatung", "Wie wir Menschen an die richtige Stelle weiterleiten."),),
    ),
    (
        "Vernetzung",
        "Aufbau und Pflege des Netzwerks: Partner, Themen, Kontaktlisten und Netzwerkkarte.",
        (),
    ),
)


# --- generated files --------------------------------------------------------------------------


def guide_pdf(district: District, version: int, updated: dt.date) -> bytes:
    from core.pdf import render_pdf

    html = render_to_string(
        "exchange/library/demo/leitfaden_verweisberatung.html",
        {"district": district.name, "version": version, "updated": updated},
    )
    return render_pdf(html)


def checklist_text() -> bytes:
    lines = [
        "Checkliste Erstkontakt am Servicepunkt",
        "======================================",
        "",
        "Vor dem Gespräch",
        "[ ] Ruhigen Platz wählen, Wartenummer aufrufen, Namen richtig aussprechen",
        "[ ] Bei Bedarf Sprachmittlung organisieren (Telefondolmetschen, Lotsin)",
        "",
        "Im Gespräch",
        "[ ] Anliegen in eigenen Worten wiederholen: Habe ich richtig verstanden?",
        "[ ] Zuständigkeit klären – bei fremder Zuständigkeit: Verweisberatung",
        "[ ] Unterlagen prüfen, fehlende Unterlagen schriftlich notieren",
        "",
        "Zum Abschluss",
        "[ ] Nächsten Schritt und Termin schriftlich mitgeben",
        "[ ] Auf mehrsprachige Informationen im Wegweiser hinweisen",
        "",
        "Beispieldokument, erstellt von Lotse.",
    ]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def contacts_csv() -> bytes:
    rows = [
        "Organisation;Ansprechperson;Telefon;E-Mail;Themen;Sprachen",
        "Ausländerbehörde;;;;Aufenthalt, Einbürgerung;Deutsch, Englisch",
        "Jobcenter;;;;Arbeit, Ausbildung, SGB II;Deutsch, Arabisch",
        "Migrationsberatung;;;;Beratung, Integrationskurs;Deutsch, Russisch, Ukrainisch",
        "Kreisvolkshochschule;;;;Sprache, Integrationskurs;Deutsch",
        "Jugendamt;;;;Familie, Kinder;Deutsch",
    ]
    return ("\r\n".join(rows) + "\r\n").encode("utf-8")


def odt(title: str, paragraphs: list[str]) -> bytes:
    """A small valid OpenDocument text: mimetype (stored, first), content and manifest."""
    body = f'<text:h text:outline-level="1">{escape(title)}</text:h>' + "".join(
        f"<text:p>{escape(text)}</text:p>" for text in paragraphs
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f"<office:body><office:text>{body}</office:text></office:body>"
        "</office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
        ' manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:version="1.2"'
        ' manifest:media-type="application/vnd.oasis.opendocument.text"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"),
            "application/vnd.oasis.opendocument.text",
            compress_type=zipfile.ZIP_STORED,
        )
        archive.writestr("content.xml", content)
        archive.writestr("META-INF/manifest.xml", manifest)
    return buffer.getvalue()


MISSION_TEXT = [
    "Wir verstehen uns als erste Anlaufstelle für Menschen, die neu in unseren Kreis kommen.",
    "Wir erklären Abläufe offen: Wer wartet, weiß, worauf und wie lange.",
    "Wir sprechen verständlich und holen Sprachmittlung, wenn sie gebraucht wird.",
    "Wir kennen die Stellen im Netzwerk und verweisen verlässlich weiter.",
    "Beispieldokument, erstellt von Lotse. Entwurf zur Diskussion im Netzwerk.",
]


# --- seeding ----------------------------------------------------------------------------------


def _folder(district: District, actor: Any, name: str, description: str, parent: Any) -> Folder:
    found = Folder.objects.filter(district=district, parent=parent, name=name).first()
    if found is not None:
        return found
    return services.folder_create(
        actor=actor, district=district, name=name, description=description, parent=parent
    )


def _document(
    district: District,
    actor: Any,
    created: Counter[str],
    *,
    folder: Folder,
    title: str,
    data: bytes,
    name: str,
    description: str,
    when: dt.datetime,
    **audience: Any,
) -> Document | None:
    if Document.objects.filter(district=district, title=title).exists():
        return None
    document = services.document_create(
        actor=actor,
        district=district,
        folder=folder,
        title=title,
        description=description,
        upload=ContentFile(data, name=name),
        note="Erste Fassung",
        **audience,
    )
    DocumentVersion.objects.filter(document=document).update(uploaded_at=when)
    created[str(Document._meta.verbose_name_plural)] += 1
    return document


def seed(district: Any, people: Any, *, today: dt.date, created: Counter[str]) -> None:
    """Create what is missing of this area's demo in `district`; count it in `created`."""
    coordinator = people.user(f"koordination@{district.slug}.example.org")
    if coordinator is None:
        return
    if district.slug == "mayen-koblenz":
        _seed_toolkit(district, people, coordinator, today, created)
    else:
        _seed_small(district, coordinator, today, created)


def _at(today: dt.date, days_ago: int, hour: int = 10) -> dt.datetime:
    day = today - dt.timedelta(days=days_ago)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _seed_toolkit(
    district: District, people: Any, actor: Any, today: dt.date, created: Counter[str]
) -> None:
    folders: dict[str, Folder] = {}
    for name, description, children in TOOLKIT:
        folders[name] = _folder(district, actor, name, description, None)
        for child, child_description in children:
            folders[child] = _folder(district, actor, child, child_description, folders[name])

    guide = _document(
        district,
        actor,
        created,
        folder=folders["Verweisberatung"],
        title=GUIDE,
        data=guide_pdf(district, 1, today - dt.timedelta(days=60)),
        name="leitfaden-verweisberatung.pdf",
        description=(
            "Wie Mitarbeitende aller Stellen Menschen an die richtige Stelle weiterleiten: "
            "Vorgehen in fünf Schritten, häufige Anliegen und passende Stellen."
        ),
        when=_at(today, 60),
    )
    if guide is not None:
        services.document_version_add(
            actor=actor,
            document=guide,
            upload=ContentFile(guide_pdf(district, 2, today), name="leitfaden-verweisberatung.pdf"),
            note="Neuer Abschnitt: Verweisen mit Lotse; Hinweis auf die Kontaktliste.",
        )
        DocumentVersion.objects.filter(document=guide, number=2).update(
            uploaded_at=_at(today, 1, 9)
        )
    _document(
        district,
        actor,
        created,
        folder=folders["Interne Organisation"],
        title=CHECKLIST,
        data=checklist_text(),
        name="checkliste-erstkontakt.txt",
        description="Zum Ausdrucken: was vor, im und nach dem ersten Gespräch wichtig ist.",
        when=_at(today, 20),
        include_volunteers=True,
    )
    _document(
        district,
        actor,
        created,
        folder=folders["Vernetzung"],
        title=CONTACTS,
        data=contacts_csv(),
        name="kontaktliste-netzwerkpartner.csv",
        description="Vorlage für eine Kontaktliste der Partner im Netzwerk (CSV, mit Semikolon).",
        when=_at(today, 14),
    )
    authorities = [
        org
        for org in (
            people.organisation("Integrationsbüro der Kreisverwaltung Mayen-Koblenz"),
            people.organisation("Ausländerbehörde der Kreisverwaltung Mayen-Koblenz"),
        )
        if org is not None
    ]
    _document(
        district,
        actor,
        created,
        folder=folders["Selbstverständnis"],
        title=MISSION,
        data=odt(MISSION, MISSION_TEXT),
        name="selbstverstaendnis-entwurf.odt",
        description="Entwurf der Leitsätze, zunächst nur für die Ämter der Kreisverwaltung.",
        when=_at(today, 30),
        audience=Audience.ORGANISATIONS,
        organisations=authorities,
    )
    _document(
        district,
        actor,
        created,
        folder=folders["Außenauftritt und Kommunikation"],
        title=SIGNS,
        data=(
            "Wegweiser im Haus\r\n\r\n"
            "- Piktogramme statt langer Texte, Raumnummern groß und kontrastreich\r\n"
            "- Wartebereiche mit Aufrufanzeige und Hinweis in mehreren Sprachen\r\n"
            "- Ein Plan am Eingang: Wo finde ich welches Amt?\r\n\r\n"
            "Beispieldokument, erstellt von Lotse.\r\n"
        ).encode(),
        name="wegweiser-beschilderung.txt",
        description="Anregungen für ein räumliches Leitsystem: Wie finden Besucher ihren Weg?",
        when=_at(today, 40),
        include_volunteers=True,
    )


def _seed_small(district: District, actor: Any, today: dt.date, created: Counter[str]) -> None:
    tools = _folder(district, actor, "Arbeitshilfen", "Vorlagen und Checklisten.", None)
    _folder(district, actor, "Vernetzung", "Partner und Kontakte im Netzwerk.", None)
    _document(
        district,
        actor,
        created,
        folder=tools,
        title="Checkliste Netzwerktreffen",
        data=(
            b"Checkliste Netzwerktreffen\r\n\r\n"
            b"[ ] Einladung vier Wochen vorher\r\n[ ] Tagesordnung mit den Partnern abstimmen\r\n"
            b"[ ] Protokoll innerhalb einer Woche verschicken\r\n\r\n"
            b"Beispieldokument, erstellt von Lotse.\r\n"
        ),
        name="checkliste-netzwerktreffen.txt",
        description="Was vor und nach einem Netzwerktreffen zu tun ist.",
        when=_at(today, 10),
    )
