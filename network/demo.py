"""Demo content of the network app, run by `manage.py seed_demo` after the districts' demo.

Mayen-Koblenz grows to forty organisations with a Steckbrief each, contacts, relations (some
organisations without any tie, some brokers with many), the 27 cooperation agreements the
MiKo-MYK project reports (here fictional, in mixed states) and an outreach history with the
migrant organisations; Koblenz gets a little of each, to show that districts stay apart.

Everything is fictional: people, streets, e-mail addresses (example.org), phone numbers (555).
Postcodes and the rough coordinates of the towns are public facts. A fixed random seed makes
every run produce the same data; dates are relative to the day of seeding. Idempotent: rows are
matched by natural keys (never by date), so a second run, even on a later day, adds nothing.
"""

from __future__ import annotations

import datetime
import random
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from accounts.models import User
from core.audit import audit
from districts.demo import (
    KOBLENZ_CARITAS,
    KOBLENZ_OFFICE,
    MYK_CARITAS,
    MYK_DIAKONIE,
    MYK_GUIDES,
    MYK_JOBCENTRE,
    MYK_OFFICE,
    OrganisationSpec,
)
from districts.models import District, Municipality, Organisation, TargetGroup, Topic
from districts.vocabulary import vocabulary_seed_defaults

from .models import Agreement, Audience, Contact, OutreachEntry, Profile, Relation

RANDOM_SEED = 20150701  # MiKo-MYK started in summer 2015
SOURCE = {"source": "seed_demo"}

K = Organisation.Kind
R = Relation.Kind
S = Agreement.Status
C = OutreachEntry.Channel

# Handlungsfelder (see districts/vocabulary.py)
SB = "Sprache & Bildung"
AA = "Arbeit & Ausbildung"
AN = "Anerkennung ausländischer Abschlüsse"
WO = "Wohnen"
GE = "Gesundheit"
FK = "Familie & Kinder"
RA = "Recht & Aufenthalt"
TE = "Teilhabe & Ehrenamt"
BE = "Beratung"
IO = "Interkulturelle Öffnung"

# Zielgruppen
GF = "Geflüchtete"
EU = "Neuzugewanderte aus der EU"
FA = "Familien"
KJ = "Kinder und Jugendliche"
FR = "Frauen"
FKA = "Fachkräfte aus dem Ausland"
EH = "Ehrenamtliche"
MB = "Menschen mit Behinderung"
AE = "Ältere"
BB = "Beschäftigte in Behörden und Einrichtungen"

# Town: postcode, latitude, longitude (town centres).
TOWNS: dict[str, tuple[str, float, float]] = {
    "Koblenz": ("56068", 50.3569, 7.5890),
    "Andernach": ("56626", 50.4393, 7.4017),
    "Mayen": ("56727", 50.3280, 7.2227),
    "Bendorf": ("56170", 50.4296, 7.5703),
    "Mendig": ("56743", 50.3744, 7.2806),
    "Mülheim-Kärlich": ("56218", 50.3855, 7.4990),
    "Vallendar": ("56179", 50.3996, 7.6212),
    "Weißenthurm": ("56575", 50.4176, 7.4530),
    "Urmitz": ("56220", 50.4164, 7.5205),
    "Polch": ("56751", 50.2996, 7.3130),
    "Plaidt": ("56637", 50.3925, 7.3933),
    "Kobern-Gondorf": ("56330", 50.3103, 7.4578),
}

OPEN_OFFICE = "Mo–Do 8:30–12:00 und 14:00–16:00\nFr 8:30–12:00"
OPEN_ADVICE = "Offene Sprechstunde Di 9:00–12:00 und Do 14:00–17:00\nsonst nach Vereinbarung"
OPEN_CLUB = "Treffen am 1. und 3. Samstag im Monat, 15:00–18:00"
OPEN_SCHOOL = "Sekretariat Mo–Fr 7:30–13:00"
OPEN_COURSES = "Anmeldung Mo–Fr 9:00–12:00, Di und Do auch 15:00–18:00"

# Who sees which part of a Steckbrief: description, contact, address, opening hours, topics.
PUB, VOL, INT = Audience.PUBLIC, Audience.VOLUNTEERS, Audience.INTERNAL
AUDIENCES: dict[str, tuple[str, str, str, str, str]] = {
    "public": (PUB, PUB, PUB, PUB, PUB),
    "standard": (PUB, INT, PUB, PUB, PUB),
    "volunteers": (VOL, VOL, VOL, VOL, PUB),
    "internal": (INT, INT, INT, INT, INT),
}


@dataclass(frozen=True)
class ProfileSpec:
    town: str
    street: str
    description: str
    topics: tuple[str, ...]
    target_groups: tuple[str, ...]
    languages: tuple[str, ...]
    opening_hours: str = ""
    audience: str = "standard"


@dataclass(frozen=True)
class OrgPlan:
    """One demo organisation: its alias in this module, its name, and its Steckbrief."""

    alias: str
    name: str
    profile: ProfileSpec
    contacts: int = 1
    linked: tuple[tuple[str, str], ...] = ()  # (demo person's e-mail, function)


@dataclass(frozen=True)
class AgreementSpec:
    title: str
    parties: tuple[str, ...]
    topics: tuple[str, ...]
    status: str
    subject: str
    signed: int | None = None  # days relative to the day of seeding
    valid_until: int | None = None
    review: int | None = None
    responsible: str = "office"  # alias of the organisation whose first contact is responsible


@dataclass(frozen=True)
class OutreachSpec:
    alias: str
    days_ago: int
    channel: str
    topic: str
    outcome: str
    next_step: str = ""
    next_step_due: int | None = None  # days relative to the day of seeding
    done: bool = False
    owner: str = "koordination@mayen-koblenz.example.org"


@dataclass
class DistrictPlan:
    slug: str
    organisations: list[OrgPlan]
    relations: list[tuple[str, str, str, str]]  # source alias, target alias, kind, note
    agreements: list[AgreementSpec]
    outreach: list[OutreachSpec] = field(default_factory=list)


# --- Mayen-Koblenz: ten more organisations of the kinds the seed documents name ----------------

NEW_ORGANISATIONS = (
    OrganisationSpec(
        "Eritreische Gemeinschaft Mayen e. V.",
        K.MIGRANT_ORG,
        "kontakt@eritrea-mayen.example.org",
        "02651 555-7400",
        municipality="Mayen",
    ),
    OrganisationSpec(
        "Afghanischer Kultur- und Elternverein Bendorf e. V.",
        K.MIGRANT_ORG,
        "vorstand@afghanischer-verein-bendorf.example.org",
        "02622 555-7500",
        municipality="Bendorf",
    ),
    OrganisationSpec(
        "Kurdisches Kulturzentrum Weißenthurm e. V.",
        K.MIGRANT_ORG,
        "info@kurdisches-kulturzentrum.example.org",
        "02637 555-7600",
        municipality="Weißenthurm",
    ),
    OrganisationSpec(
        "Türkisch-Deutscher Elternverein Mülheim-Kärlich e. V.",
        K.MIGRANT_ORG,
        "elternverein@td-mk.example.org",
        "02630 555-7700",
        municipality="Mülheim-Kärlich",
    ),
    OrganisationSpec(
        "Russischsprachiger Kulturverein Mendig e. V.",
        K.MIGRANT_ORG,
        "kulturverein@rus-mendig.example.org",
        "02652 555-7800",
        municipality="Mendig",
    ),
    OrganisationSpec(
        "Internationaler Frauentreff Vallendar e. V.",
        K.MIGRANT_ORG,
        "treff@frauentreff-vallendar.example.org",
        "0261 555-7900",
        municipality="Vallendar",
    ),
    OrganisationSpec(
        "Evangelische Kirchengemeinde Andernach – Café International",
        K.RELIGIOUS,
        "cafe-international@ev-andernach.example.org",
        "02632 555-8200",
        short_name="Café International",
        municipality="Andernach",
    ),
    OrganisationSpec(
        "Berufsbildende Schule Eifel-Rhein",
        K.EDUCATION,
        "sprache-beruf@bbs-eifel-rhein.example.org",
        "02651 555-4300",
        short_name="BBS Eifel-Rhein",
        municipality="Mayen",
    ),
    OrganisationSpec(
        "Rheintal Logistik GmbH",
        K.COMPANY,
        "personal@rheintal-logistik.example.org",
        "02630 555-9500",
        municipality="Urmitz",
        is_member=False,
    ),
    OrganisationSpec(
        "Psychosoziale Beratungsstelle für Geflüchtete Rhein-Mosel",
        K.WELFARE,
        "beratung@psz-rhein-mosel.example.org",
        "02652 555-5500",
        short_name="PSZ",
        municipality="Mendig",
    ),
)
DORMANT = frozenset({"Russischsprachiger Kulturverein Mendig e. V."})


def _org(
    alias: str,
    name: str,
    profile: ProfileSpec,
    contacts: int = 1,
    linked: tuple[tuple[str, str], ...] = (),
) -> OrgPlan:
    return OrgPlan(alias, name, profile, contacts, linked)


MYK_ORGANISATIONS = [
    _org(
        "office",
        MYK_OFFICE,
        ProfileSpec(
            "Koblenz",
            "Bahnhofstraße 20",
            "Das Integrationsbüro koordiniert das Integrationsnetzwerk des Landkreises: es bringt "
            "Behörden, Beratungsstellen, Vereine und Ehrenamtliche zusammen, schließt "
            "Kooperationsvereinbarungen und bietet Schulungen zur interkulturellen Öffnung an.",
            (IO, TE, BE),
            (GF, EU, BB, EH),
            ("de", "en", "ar", "tr"),
            OPEN_OFFICE,
            "public",
        ),
        contacts=4,
        linked=(("koordination@mayen-koblenz.example.org", "Koordination Integrationsnetzwerk"),),
    ),
    _org(
        "abh",
        "Ausländerbehörde der Kreisverwaltung Mayen-Koblenz",
        ProfileSpec(
            "Koblenz",
            "Bahnhofstraße 20",
            "Zuständig für Aufenthaltstitel, Verlängerungen und Einbürgerungsanträge. Termine "
            "werden online vergeben; Fachkräfte aus dem Ausland berät ein eigenes Team.",
            (RA,),
            (GF, EU, FKA),
            ("de", "en", "fr"),
            "Mo, Di, Do 8:00–12:00 (nur mit Termin)\nDo 14:00–17:30",
            "public",
        ),
        contacts=2,
    ),
    _org(
        "jugendamt",
        "Jugendamt der Kreisverwaltung Mayen-Koblenz",
        ProfileSpec(
            "Koblenz",
            "Bahnhofstraße 20",
            "Hilfen zur Erziehung, Frühe Hilfen und die Betreuung unbegleiteter minderjähriger "
            "Geflüchteter im Landkreis.",
            (FK,),
            (KJ, FA, GF),
            ("de", "en"),
            OPEN_OFFICE,
        ),
        contacts=2,
    ),
    _org(
        "gesundheitsamt",
        "Gesundheitsamt der Kreisverwaltung Mayen-Koblenz",
        ProfileSpec(
            "Mayen",
            "Am Brückentor 7",
            "Impfberatung, Schuleingangsuntersuchungen und Gesundheitsinformationen für "
            "Neuzugewanderte, auf Wunsch mit Sprachmittlung.",
            (GE,),
            (GF, FA, KJ),
            ("de", "en", "ar"),
            OPEN_OFFICE,
        ),
        contacts=2,
    ),
    _org(
        "jobcenter",
        MYK_JOBCENTRE,
        ProfileSpec(
            "Andernach",
            "Koblenzer Straße 44",
            "Das kommunale Jobcenter unterstützt Migrantinnen und Migranten mit "
            "bedarfsgerechten Angeboten zur beruflichen Integration – von der Sprachförderung "
            "bis zur Vermittlung in Ausbildung und Arbeit.",
            (AA, SB, AN),
            (GF, EU, FKA, FR),
            ("de", "en", "ar", "ru", "tr"),
            "Mo–Fr 8:00–12:00\nDo 14:00–17:00",
            "public",
        ),
        contacts=2,
        linked=(("fachkraft@mayen-koblenz.example.org", "Integrationsfachkraft"),),
    ),
    _org(
        "aa",
        "Agentur für Arbeit Koblenz-Mayen",
        ProfileSpec(
            "Mayen",
            "Bahnhofplatz 3",
            "Berufsberatung, Arbeitsvermittlung und Beratung zur Anerkennung ausländischer "
            "Berufsabschlüsse; Partnerin im Lotsenhaus für Geflüchtete.",
            (AA, AN),
            (GF, FKA, EU),
            ("de", "en", "fr"),
            "Mo–Fr 8:00–12:30\nDo 14:00–18:00",
            "public",
        ),
        contacts=2,
    ),
    _org(
        "lotsenhaus",
        "Lotsenhaus für Geflüchtete",
        ProfileSpec(
            "Koblenz",
            "Schlachthofstraße 12",
            "Acht Organisationen unter einem Dach: zentrale Anlaufstelle für geflüchtete "
            "Menschen mit Beratung, Kompetenzfeststellung, Qualifizierung und Vermittlung in "
            "Arbeit und Ausbildung.",
            (AA, BE, SB),
            (GF,),
            ("de", "en", "ar", "fa", "ti"),
            "Mo–Do 9:00–15:00\nFr 9:00–12:00",
            "public",
        ),
        contacts=2,
    ),
    _org(
        "hwk",
        "Handwerkskammer Koblenz",
        ProfileSpec(
            "Koblenz",
            "Friedrich-Ebert-Ring 15",
            "Ausbildungsberatung für Betriebe und Zugewanderte, Anerkennung ausländischer "
            "Meister- und Gesellenabschlüsse, Willkommenslotsen für das Handwerk.",
            (AA, AN),
            (FKA, GF, KJ),
            ("de", "en"),
            OPEN_OFFICE,
            "public",
        ),
    ),
    _org(
        "ihk",
        "Industrie- und Handelskammer Koblenz",
        ProfileSpec(
            "Koblenz",
            "Schlossstraße 4",
            "Beratung zur Anerkennung ausländischer Berufsabschlüsse (IHK FOSA) und zur "
            "Beschäftigung internationaler Fachkräfte.",
            (AA, AN),
            (FKA, EU),
            ("de", "en", "fr"),
            OPEN_OFFICE,
            "public",
        ),
    ),
    _org(
        "kvhs",
        "Kreisvolkshochschule Mayen-Koblenz",
        ProfileSpec(
            "Mülheim-Kärlich",
            "Kapellenstraße 9",
            "Integrationskurse, Berufssprachkurse und Alphabetisierungskurse an mehreren "
            "Standorten im Kreis, auch mit Kinderbetreuung.",
            (SB,),
            (GF, EU, FR),
            ("de", "en", "ar", "uk"),
            OPEN_COURSES,
            "public",
        ),
        contacts=2,
    ),
    _org(
        "vhs_andernach",
        "Volkshochschule Andernach",
        ProfileSpec(
            "Andernach",
            "Hochstraße 31",
            "Deutschkurse von A1 bis C1, Einbürgerungstests und Sprachcafés in der Innenstadt.",
            (SB,),
            (EU, GF, AE),
            ("de", "en"),
            OPEN_COURSES,
            "public",
        ),
    ),
    _org(
        "sprachinstitut",
        "Sprachinstitut Eifeltor",
        ProfileSpec(
            "Mayen",
            "Marktstraße 18",
            "Privates Sprachinstitut mit Intensivkursen Deutsch für Fachkräfte aus dem Ausland.",
            (SB,),
            (FKA,),
            ("de", "en", "es"),
            "Mo–Fr 9:00–17:00",
        ),
    ),
    _org(
        "caritas",
        MYK_CARITAS,
        ProfileSpec(
            "Mayen",
            "Alleestraße 25",
            "Migrationsberatung für Erwachsene (MBE): Beratung zu Aufenthalt, Sprache, Arbeit, "
            "Wohnen und Familie – vertraulich, kostenlos und auf Wunsch mit Sprachmittlung.",
            (BE, RA, WO),
            (GF, EU, FA),
            ("de", "en", "ar", "fa", "uk"),
            OPEN_ADVICE,
            "public",
        ),
        contacts=2,
        linked=(("orga-admin@mayen-koblenz.example.org", "Leitung Migrationsberatung"),),
    ),
    _org(
        "diakonie",
        MYK_DIAKONIE,
        ProfileSpec(
            "Andernach",
            "Kirchstraße 5",
            "Migrationsdienst mit Asylverfahrensberatung, Wohnraumvermittlung und Begleitung "
            "von Familien.",
            (BE, WO, FK),
            (GF, FA, FR),
            ("de", "en", "ar", "ku"),
            OPEN_ADVICE,
        ),
        contacts=2,
        linked=(("fallarbeit@mayen-koblenz.example.org", "Flüchtlingssozialarbeit"),),
    ),
    _org(
        "awo",
        "AWO-Migrationsberatung Bendorf",
        ProfileSpec(
            "Bendorf",
            "Hauptstraße 60",
            "Beratung für Zugewanderte in Bendorf und Vallendar, Sprechstunden auch in den "
            "Gemeinschaftsunterkünften.",
            (BE, RA),
            (GF, EU, AE),
            ("de", "fa", "ps", "ru"),
            OPEN_ADVICE,
        ),
        contacts=2,
    ),
    _org(
        "drk",
        "DRK-Flüchtlingsberatung Weißenthurm",
        ProfileSpec(
            "Weißenthurm",
            "Hauptstraße 102",
            "Flüchtlingsberatung, Suchdienst und Kleiderkammer; Gesundheitskurse mit "
            "Sprachmittlung.",
            (BE, GE),
            (GF, FA, MB),
            ("de", "ar", "ku", "tr"),
            OPEN_ADVICE,
            "volunteers",
        ),
        contacts=2,
    ),
    _org(
        "jmd",
        "Jugendmigrationsdienst Mayen-Koblenz",
        ProfileSpec(
            "Andernach",
            "Breite Straße 8",
            "Begleitung junger Zugewanderter von 12 bis 27 Jahren in Schule, Ausbildung und "
            "Beruf; Gruppenangebote an Schulen.",
            (SB, AA, FK),
            (KJ, GF, EU),
            ("de", "en", "ar", "tr", "uk"),
            OPEN_ADVICE,
            "public",
        ),
        contacts=2,
    ),
    _org(
        "rechtshilfe",
        "Rechtshilfeverein Rhein-Mosel e. V.",
        ProfileSpec(
            "Vallendar",
            "Rheinstraße 14",
            "Ehrenamtliche Juristinnen und Juristen bieten Rechtskurse für Zugewanderte an: "
            "Mietrecht, Arbeitsrecht, Verbraucherrecht.",
            (RA, TE),
            (GF, EU, EH),
            ("de", "en", "fr"),
            "Kurse nach Ankündigung",
        ),
    ),
    _org(
        "verbraucher",
        "Verbraucherzentrale – Verbraucherberatung für Zugewanderte",
        ProfileSpec(
            "Mendig",
            "Brauerstraße 2",
            "Seminare zum Energiesparen und zum Verbraucherschutz, Beratung zu Verträgen und "
            "Schulden – auf Wunsch mit Sprachmittlung.",
            (BE, TE),
            (GF, EU, FA),
            ("de", "ar", "ru"),
            "Di und Do 10:00–13:00",
            "public",
        ),
    ),
    _org(
        "moschee",
        "Moscheeverein Maifeld e. V.",
        ProfileSpec(
            "Polch",
            "Ostring 21",
            "Moscheegemeinde mit Freitagsgebet, Koranunterricht und Hausaufgabenhilfe; "
            "Gesprächsabende mit Gästen aus Verwaltung und Nachbarschaft.",
            (TE, IO),
            (FA, KJ),
            ("de", "tr", "ar"),
            "Freitagsgebet 13:00; Gemeindebüro Sa 10:00–12:00",
            "volunteers",
        ),
    ),
    _org(
        "syrisch",
        "Syrisch-Deutscher Familienverein Andernach e. V.",
        ProfileSpec(
            "Andernach",
            "Schafbachstraße 3",
            "Familienverein mit Hausaufgabenhilfe, Elterncafé und Begleitung zu Ämtern; "
            "Brücke zwischen syrischen Familien und den Andernacher Einrichtungen.",
            (FK, TE, SB),
            (FA, KJ, GF),
            ("ar", "de", "ku"),
            OPEN_CLUB,
            "volunteers",
        ),
        contacts=2,
    ),
    _org(
        "afrika",
        "Afrikanischer Kulturverein Rhein-Mosel e. V.",
        ProfileSpec(
            "Kobern-Gondorf",
            "Moselstraße 40",
            "Kultur- und Begegnungsverein von Menschen aus west- und ostafrikanischen Ländern; "
            "Trommelgruppe, Feste und Unterstützung beim Ankommen.",
            (TE,),
            (GF, FA),
            ("fr", "en", "de", "ti"),
            OPEN_CLUB,
            "volunteers",
        ),
    ),
    _org(
        "ukraine",
        "Ukrainische Gemeinschaft Mayen-Koblenz e. V.",
        ProfileSpec(
            "Mayen",
            "Genovevastraße 11",
            "Selbsthilfe der ukrainischen Geflüchteten im Kreis: Erstorientierung, "
            "Wohnungssuche, Sprachtandems und Angebote für Kinder.",
            (TE, WO, SB),
            (GF, FA, KJ, FR),
            ("uk", "ru", "de"),
            "Beratung Mi 16:00–19:00",
            "volunteers",
        ),
    ),
    _org(
        "lotsen",
        MYK_GUIDES,
        ProfileSpec(
            "Bendorf",
            "Im Stadtpark 2",
            "Ehrenamtliche Integrationslotsinnen und -lotsen begleiten Neuzugewanderte zu "
            "Terminen, übersetzen und helfen beim Ankommen; Schulung und Austausch im Netzwerk.",
            (TE, BE),
            (GF, EH),
            ("de", "en", "ar", "fa", "uk", "ru", "tr"),
            "Lotsensprechstunde Mo 17:00–19:00",
            "volunteers",
        ),
        contacts=1,
        linked=(("lotsin@mayen-koblenz.example.org", "Lotsin"),),
    ),
    _org(
        "willkommen",
        "Willkommensinitiative Pellenz",
        ProfileSpec(
            "Plaidt",
            "Bahnhofstraße 7",
            "Nachbarschaftliche Initiative mit Sprachcafé, Fahrradwerkstatt und Patenschaften "
            "für neu angekommene Familien.",
            (TE, SB),
            (GF, FA, EH),
            ("de", "en", "ar"),
            "Sprachcafé Do 16:00–18:00",
            "volunteers",
        ),
    ),
    _org(
        "soz_andernach",
        "Stadtverwaltung Andernach – Amt für Soziales",
        ProfileSpec(
            "Andernach",
            "Läufstraße 11",
            "Unterbringung Geflüchteter, Leistungen nach dem Asylbewerberleistungsgesetz und "
            "kommunale Integrationsarbeit der Stadt Andernach.",
            (WO, BE),
            (GF, FA),
            ("de", "en"),
            OPEN_OFFICE,
            "public",
        ),
    ),
    _org(
        "soz_mayen",
        "Stadtverwaltung Mayen – Soziales und Integration",
        ProfileSpec(
            "Mayen",
            "Rosengasse 2",
            "Soziale Dienste und Integrationsbeauftragte der Stadt Mayen; Wohnraum für "
            "Geflüchtete und Förderung von Vereinen.",
            (WO, TE),
            (GF, FA, AE),
            ("de",),
            OPEN_OFFICE,
            "public",
        ),
    ),
    _org(
        "vg_weissenthurm",
        "Verbandsgemeindeverwaltung Weißenthurm – Soziales",
        ProfileSpec(
            "Weißenthurm",
            "Kärlicher Straße 4",
            "Unterbringung und soziale Betreuung Geflüchteter in den Ortsgemeinden der "
            "Verbandsgemeinde.",
            (WO, BE),
            (GF,),
            ("de",),
            OPEN_OFFICE,
        ),
    ),
    _org(
        "vg_vordereifel",
        "Verbandsgemeindeverwaltung Vordereifel – Soziales",
        ProfileSpec(
            "Mayen",
            "Kelberger Straße 26",
            "Ansprechstelle für Geflüchtete und Ehrenamtliche in den Dörfern der Vordereifel.",
            (WO, TE),
            (GF, EH, AE),
            ("de",),
            OPEN_OFFICE,
        ),
    ),
    _org(
        "pflege",
        "Eifel-Mosel Pflegedienst GmbH",
        ProfileSpec(
            "Polch",
            "Industriestraße 9",
            "Ambulanter Pflegedienst, der Pflegefachkräfte aus dem Ausland einstellt und "
            "Geflüchtete zur Pflegehilfskraft ausbildet.",
            (AA, GE),
            (FKA, GF, AE),
            ("de", "ro", "pl"),
            "Mo–Fr 7:00–16:00",
            "internal",
        ),
    ),
    _org(
        "eritrea",
        "Eritreische Gemeinschaft Mayen e. V.",
        ProfileSpec(
            "Mayen",
            "Polcher Straße 52",
            "Junger Verein eritreischer Familien: gemeinsame Feste, Hausaufgabenhilfe und "
            "Begleitung zu Behörden.",
            (TE, FK),
            (GF, FA, KJ),
            ("ti", "ar", "de"),
            OPEN_CLUB,
            "internal",
        ),
    ),
    _org(
        "afghan",
        "Afghanischer Kultur- und Elternverein Bendorf e. V.",
        ProfileSpec(
            "Bendorf",
            "Sayner Straße 17",
            "Elternarbeit, Sprachmittlung in Dari und Paschtu und Kulturabende; Ansprechpartner "
            "für Schulen in Bendorf.",
            (FK, SB, TE),
            (FA, KJ, GF),
            ("fa", "ps", "de"),
            OPEN_CLUB,
            "volunteers",
        ),
    ),
    _org(
        "kurd",
        "Kurdisches Kulturzentrum Weißenthurm e. V.",
        ProfileSpec(
            "Weißenthurm",
            "Mühlenweg 8",
            "Kulturzentrum mit Musik- und Tanzgruppen, Frauengruppe und Deutsch-Lerntreff.",
            (TE, SB),
            (FA, FR),
            ("ku", "tr", "ar", "de"),
            "Mo–Sa 15:00–21:00",
        ),
        contacts=0,
    ),
    _org(
        "tuerk",
        "Türkisch-Deutscher Elternverein Mülheim-Kärlich e. V.",
        ProfileSpec(
            "Mülheim-Kärlich",
            "Poststraße 23",
            "Elternverein, der Familien beim Übergang von der Kita in die Schule und in die "
            "Ausbildung begleitet.",
            (FK, SB),
            (FA, KJ),
            ("tr", "de"),
            OPEN_CLUB,
        ),
    ),
    _org(
        "russisch",
        "Russischsprachiger Kulturverein Mendig e. V.",
        ProfileSpec(
            "Mendig",
            "Laacher-See-Straße 5",
            "Kulturverein russischsprachiger Spätaussiedler und Zugewanderter; Chor und "
            "Seniorentreff. Derzeit ruhen die Aktivitäten.",
            (TE,),
            (AE,),
            ("ru", "uk", "de"),
            "",
            "internal",
        ),
    ),
    _org(
        "frauentreff",
        "Internationaler Frauentreff Vallendar e. V.",
        ProfileSpec(
            "Vallendar",
            "Hellenstraße 30",
            "Treffpunkt für Frauen aus aller Welt: Frauenfrühstück, Deutschkurs mit "
            "Kinderbetreuung, Nähwerkstatt und Begleitung zu Ärztinnen.",
            (SB, GE, TE),
            (FR, FA),
            ("ar", "fa", "en", "de", "so"),
            "Frauenfrühstück Di 9:30–11:30",
            "volunteers",
        ),
    ),
    _org(
        "cafe",
        "Evangelische Kirchengemeinde Andernach – Café International",
        ProfileSpec(
            "Andernach",
            "Kirchstraße 5",
            "Offener Treffpunkt im Gemeindehaus: Kaffee, Deutsch üben, Beratung durch "
            "Ehrenamtliche und einmal im Monat ein gemeinsames Essen.",
            (TE, SB),
            (GF, EH, AE),
            ("de", "en", "ar", "fa"),
            "Mi 15:00–18:00",
            "public",
        ),
    ),
    _org(
        "bbs",
        "Berufsbildende Schule Eifel-Rhein",
        ProfileSpec(
            "Mayen",
            "Schulstraße 1",
            "Bildungsgang „Berufsvorbereitung mit Sprachförderung“ für junge Zugewanderte, "
            "Teilzeitberufsschule und Nachholen von Schulabschlüssen.",
            (SB, AA),
            (KJ, GF),
            ("de", "en"),
            OPEN_SCHOOL,
            "public",
        ),
    ),
    _org(
        "rheintal",
        "Rheintal Logistik GmbH",
        ProfileSpec(
            "Urmitz",
            "Rheinuferstraße 70",
            "Logistikunternehmen mit 180 Beschäftigten aus 20 Ländern; bildet Fachkräfte für "
            "Lagerlogistik und Berufskraftfahrer aus.",
            (AA,),
            (FKA, GF),
            ("de", "pl", "ro", "bg"),
            "",
            "internal",
        ),
        contacts=0,
    ),
    _org(
        "psz",
        "Psychosoziale Beratungsstelle für Geflüchtete Rhein-Mosel",
        ProfileSpec(
            "Mendig",
            "Bahnhofstraße 33",
            "Beratung und Therapie für traumatisierte Geflüchtete mit Dolmetscherinnen und "
            "Dolmetschern; Fortbildungen für Fachkräfte und Ehrenamtliche.",
            (GE, BE),
            (GF, FR, KJ),
            ("de", "ar", "fa", "ti", "ku"),
            "Termine nach telefonischer Vereinbarung",
            "internal",
        ),
        contacts=2,
    ),
]

MYK_RELATIONS: list[tuple[str, str, str, str]] = [
    # The integration office holds the network together.
    ("office", "abh", R.COOPERATION, "Interkulturelle Schulungen der Beschäftigten"),
    ("office", "jugendamt", R.COOPERATION, ""),
    ("office", "gesundheitsamt", R.NETWORK, "Arbeitskreis Gesundheit"),
    ("office", "jobcenter", R.COOPERATION, "Gemeinsame Steuerung des Netzwerks"),
    ("office", "aa", R.COOPERATION, ""),
    ("office", "hwk", R.COOPERATION, ""),
    ("office", "ihk", R.COOPERATION, ""),
    ("office", "kvhs", R.COOPERATION, "Kursplanung Integrationskurse"),
    ("office", "caritas", R.NETWORK, "Arbeitskreis Migrationsberatung"),
    ("office", "diakonie", R.NETWORK, "Arbeitskreis Migrationsberatung"),
    ("office", "awo", R.NETWORK, "Arbeitskreis Migrationsberatung"),
    ("office", "drk", R.NETWORK, "Arbeitskreis Migrationsberatung"),
    ("office", "lotsen", R.FUNDING, "Schulungsprogramm für Ehrenamtliche"),
    ("office", "willkommen", R.FUNDING, "Kleinprojektförderung"),
    ("office", "soz_andernach", R.COOPERATION, ""),
    ("office", "soz_mayen", R.COOPERATION, ""),
    ("office", "vg_weissenthurm", R.COOPERATION, ""),
    ("office", "vg_vordereifel", R.COOPERATION, ""),
    ("office", "verbraucher", R.COOPERATION, "Seminare Energiesparen und Verbraucherschutz"),
    ("office", "rechtshilfe", R.COOPERATION, "Rechtskurse für Zugewanderte"),
    ("office", "moschee", R.NETWORK, "Gesprächsabende"),
    ("office", "syrisch", R.NETWORK, ""),
    ("office", "ukraine", R.NETWORK, ""),
    ("office", "frauentreff", R.FUNDING, "Kinderbetreuung im Deutschkurs"),
    ("office", "psz", R.NETWORK, "Fortbildungen für Fachkräfte"),
    # The job centre and the Lotsenhaus.
    ("jobcenter", "lotsenhaus", R.FUNDING, ""),
    ("jobcenter", "aa", R.COOPERATION, ""),
    ("jobcenter", "kvhs", R.REFERRAL, "Integrations- und Berufssprachkurse"),
    ("jobcenter", "vhs_andernach", R.REFERRAL, "Deutschkurse"),
    ("jobcenter", "hwk", R.COOPERATION, "Ausbildungsvermittlung"),
    ("jobcenter", "ihk", R.COOPERATION, ""),
    ("jobcenter", "pflege", R.REFERRAL, "Ausbildung zur Pflegehilfskraft"),
    ("jobcenter", "bbs", R.COOPERATION, ""),
    ("jobcenter", "psz", R.REFERRAL, ""),
    ("aa", "lotsenhaus", R.NETWORK, "Partner im Lotsenhaus"),
    ("hwk", "lotsenhaus", R.NETWORK, "Partner im Lotsenhaus"),
    ("ihk", "lotsenhaus", R.NETWORK, "Partner im Lotsenhaus"),
    ("caritas", "lotsenhaus", R.NETWORK, "Partner im Lotsenhaus"),
    ("kvhs", "lotsenhaus", R.NETWORK, "Partner im Lotsenhaus"),
    # Advice services.
    ("abh", "caritas", R.REFERRAL, "Verweisberatung"),
    ("caritas", "eritrea", R.SPONSORSHIP, "Patenschaft beim Vereinsaufbau"),
    ("caritas", "diakonie", R.COOPERATION, ""),
    ("caritas", "psz", R.REFERRAL, ""),
    ("caritas", "ukraine", R.COOPERATION, "Sprechstunde in der Gemeinschaft"),
    ("caritas", "soz_mayen", R.COOPERATION, ""),
    ("caritas", "rechtshilfe", R.REFERRAL, "Rechtskurse"),
    ("diakonie", "cafe", R.SPONSORSHIP, ""),
    ("diakonie", "syrisch", R.COOPERATION, "Elterncafé"),
    ("abh", "diakonie", R.REFERRAL, "Verweisberatung"),
    ("diakonie", "jmd", R.COOPERATION, ""),
    ("awo", "afghan", R.SPONSORSHIP, "Patenschaft beim Vereinsaufbau"),
    ("awo", "lotsen", R.NETWORK, ""),
    ("drk", "kurd", R.COOPERATION, "Gesundheitskurse"),
    ("drk", "vg_weissenthurm", R.COOPERATION, ""),
    ("jugendamt", "jmd", R.FUNDING, ""),
    ("jmd", "bbs", R.COOPERATION, "Gruppenangebote"),
    ("jmd", "tuerk", R.COOPERATION, "Elternabende"),
    ("afghan", "jmd", R.COOPERATION, ""),
    # The volunteers' network.
    ("syrisch", "lotsen", R.MEMBERSHIP, ""),
    ("ukraine", "lotsen", R.MEMBERSHIP, ""),
    ("afrika", "lotsen", R.MEMBERSHIP, ""),
    ("willkommen", "lotsen", R.MEMBERSHIP, ""),
    ("frauentreff", "lotsen", R.MEMBERSHIP, ""),
    ("cafe", "lotsen", R.MEMBERSHIP, ""),
    ("tuerk", "lotsen", R.MEMBERSHIP, ""),
    ("lotsen", "rechtshilfe", R.COOPERATION, ""),
    # Further ties.
    ("gesundheitsamt", "psz", R.REFERRAL, ""),
    ("gesundheitsamt", "jugendamt", R.NETWORK, ""),
    ("kvhs", "vhs_andernach", R.NETWORK, ""),
    ("hwk", "bbs", R.COOPERATION, "Ausbildungsvorbereitung"),
    ("willkommen", "kvhs", R.COOPERATION, "Sprachcafé"),
    ("verbraucher", "frauentreff", R.COOPERATION, ""),
    ("soz_andernach", "syrisch", R.COOPERATION, ""),
    ("soz_andernach", "diakonie", R.FUNDING, "Wohnraumvermittlung"),
    ("soz_mayen", "eritrea", R.FUNDING, "Raum für Vereinstreffen"),
    ("ukraine", "vg_vordereifel", R.NETWORK, ""),
    ("aa", "ihk", R.REFERRAL, "Anerkennung ausländischer Berufsabschlüsse"),
    ("aa", "hwk", R.REFERRAL, "Anerkennung ausländischer Berufsabschlüsse"),
    ("pflege", "bbs", R.COOPERATION, "Pflegeausbildung"),
    ("psz", "jugendamt", R.COOPERATION, ""),
]

MYK_AGREEMENTS = [
    AgreementSpec(
        "Kooperationsvereinbarung Integration – Stadt Andernach",
        ("office", "soz_andernach"),
        (TE, IO, BE),
        S.SIGNED,
        "Abgestimmte Integrationsarbeit von Kreis und Stadt, gegenseitige Information, "
        "Teilnahme an den interkulturellen Schulungen.",
        signed=-1400,
        review=18,
    ),
    AgreementSpec(
        "Kooperationsvereinbarung Integration – Stadt Mayen",
        ("office", "soz_mayen"),
        (TE, IO, BE),
        S.SIGNED,
        "Abgestimmte Integrationsarbeit von Kreis und Stadt, gegenseitige Information, "
        "Teilnahme an den interkulturellen Schulungen.",
        signed=-1390,
        review=45,
    ),
    AgreementSpec(
        "Kooperationsvereinbarung Integration – Verbandsgemeinde Weißenthurm",
        ("office", "vg_weissenthurm"),
        (TE, IO, WO),
        S.SIGNED,
        "Unterbringung und Begleitung Geflüchteter in den Ortsgemeinden, gemeinsame "
        "Ehrenamtskoordination.",
        signed=-1380,
        review=-30,
    ),
    AgreementSpec(
        "Kooperationsvereinbarung Integration – Verbandsgemeinde Vordereifel",
        ("office", "vg_vordereifel"),
        (TE, WO),
        S.NEGOTIATION,
        "Ehrenamtskoordination in den Dörfern, Mobilität zu Sprachkursen.",
    ),
    AgreementSpec(
        "Zusammenarbeit bei der Arbeitsmarktintegration",
        ("office", "jobcenter", "aa"),
        (AA, AN),
        S.SIGNED,
        "Abgestimmte Beratung und Vermittlung, gemeinsame Fallkonferenzen, Datenaustausch "
        "nur mit Einwilligung.",
        signed=-1500,
        review=200,
        responsible="jobcenter",
    ),
    AgreementSpec(
        "Kooperationsvereinbarung Handwerkskammer Koblenz",
        ("office", "hwk"),
        (AA, AN),
        S.SIGNED,
        "Ausbildungsvermittlung ins Handwerk, Anerkennungsberatung, Willkommenslotsen.",
        signed=-1450,
        review=30,
        responsible="hwk",
    ),
    AgreementSpec(
        "Kooperationsvereinbarung Industrie- und Handelskammer Koblenz",
        ("office", "ihk"),
        (AA, AN),
        S.SIGNED,
        "Anerkennungsberatung und Beschäftigung internationaler Fachkräfte.",
        signed=-1450,
        review=240,
    ),
    AgreementSpec(
        "Lotsenhaus für Geflüchtete – gemeinsame Anlaufstelle",
        ("lotsenhaus", "jobcenter", "aa", "hwk", "ihk", "caritas", "kvhs", "office"),
        (AA, SB, BE),
        S.SIGNED,
        "Acht Organisationen beraten unter einem Dach: Kompetenzfeststellung, "
        "Qualifizierung, Vermittlung in Arbeit und Ausbildung.",
        signed=-2600,
        valid_until=40,
        review=40,
        responsible="lotsenhaus",
    ),
    AgreementSpec(
        "Interkulturelle Schulungen für die Ausländerbehörde",
        ("office", "abh"),
        (IO,),
        S.SIGNED,
        "Jährlich zwei Schulungstage für alle Beschäftigten, Auswertung mit der Leitung.",
        signed=-900,
        review=-10,
    ),
    AgreementSpec(
        "Verweisberatung Ausländerbehörde – Migrationsberatung",
        ("abh", "caritas", "diakonie", "awo"),
        (RA, BE),
        S.SIGNED,
        "Die Ausländerbehörde weist auf die Migrationsberatung hin und vermittelt Termine; "
        "die Beratungsstellen melden wiederkehrende Fragen zurück.",
        signed=-700,
        review=300,
        responsible="caritas",
    ),
    AgreementSpec(
        "Integrationskurse und Sprachkursvermittlung",
        ("jobcenter", "kvhs", "vhs_andernach"),
        (SB,),
        S.SIGNED,
        "Freie Plätze werden wöchentlich gemeldet, Wartezeiten gemeinsam ausgewertet.",
        signed=-800,
        valid_until=500,
        review=150,
        responsible="kvhs",
    ),
    AgreementSpec(
        "Rechtskurse für Migrantinnen und Migranten",
        ("office", "rechtshilfe"),
        (RA, TE),
        S.EXPIRED,
        "Sechs Kursabende im Jahr an wechselnden Orten im Kreis.",
        signed=-1800,
        valid_until=-90,
    ),
    AgreementSpec(
        "Seminare Energiesparen und Verbraucherschutz",
        ("office", "verbraucher"),
        (TE, BE),
        S.EXPIRED,
        "Seminare für Zugewanderte, unter anderem in Polch, mit Sprachmittlung.",
        signed=-1600,
        valid_until=-400,
    ),
    AgreementSpec(
        "Gesprächsabende mit Moscheegemeinden",
        ("office", "moschee"),
        (IO, TE),
        S.TERMINATED,
        "Gesprächsabende zu Religion und Zusammenleben; im gegenseitigen Einvernehmen beendet.",
        signed=-1300,
        valid_until=-200,
    ),
    AgreementSpec(
        "Schulungsprogramm für die ehrenamtliche Flüchtlingshilfe",
        ("office", "lotsen", "willkommen"),
        (TE,),
        S.SIGNED,
        "Gemeinsames regionales Schulungsprogramm: Asylrecht, Gesprächsführung, Grenzen des "
        "Ehrenamts.",
        signed=-600,
        review=10,
        responsible="lotsen",
    ),
    AgreementSpec(
        "Gesundheitslotsen – Gesundheitsinformation in Muttersprache",
        ("gesundheitsamt", "office", "psz"),
        (GE,),
        S.DRAFT,
        "Ausbildung von Gesundheitslotsinnen und -lotsen aus den Communities.",
        responsible="gesundheitsamt",
    ),
    AgreementSpec(
        "Frühe Hilfen für zugewanderte Familien",
        ("jugendamt", "jmd", "diakonie"),
        (FK,),
        S.SIGNED,
        "Familienhebammen mit Sprachmittlung, Elterncafés und abgestimmte Verweise.",
        signed=-500,
        review=55,
        responsible="jugendamt",
    ),
    AgreementSpec(
        "Ausbildungspartnerschaft Pflege",
        ("jobcenter", "pflege", "bbs"),
        (AA, GE),
        S.NEGOTIATION,
        "Zehn Ausbildungsplätze zur Pflegehilfskraft mit begleitendem Sprachunterricht.",
        responsible="jobcenter",
    ),
    AgreementSpec(
        "Berufssprachkurse an der Berufsbildenden Schule",
        ("bbs", "kvhs", "jobcenter"),
        (SB, AA),
        S.DRAFT,
        "Berufssprachkurse B1/B2 in den Räumen der Schule, abgestimmt auf die Ausbildung.",
        responsible="bbs",
    ),
    AgreementSpec(
        "Wohnraumvermittlung für Geflüchtete in Andernach",
        ("soz_andernach", "diakonie", "syrisch"),
        (WO,),
        S.SIGNED,
        "Gemeinsame Wohnungsbörse, Begleitung bei Besichtigungen, Ansprechstelle für "
        "Vermieterinnen und Vermieter.",
        signed=-300,
        valid_until=430,
        review=120,
        responsible="diakonie",
    ),
    AgreementSpec(
        "Migrationsberatung vor Ort in Bendorf",
        ("awo", "afghan", "office"),
        (BE,),
        S.SIGNED,
        "Monatliche Sprechstunde der Migrationsberatung in den Räumen des Elternvereins.",
        signed=-420,
        review=-45,
        responsible="awo",
    ),
    AgreementSpec(
        "Jugendmigrationsdienst an Schulen",
        ("jmd", "bbs", "jugendamt"),
        (SB, FK),
        S.TERMINATED,
        "Gruppenangebote an der Berufsbildenden Schule; nach Auslaufen der Förderung beendet.",
        signed=-1100,
        valid_until=-60,
        responsible="jmd",
    ),
    AgreementSpec(
        "Unterstützung ukrainischer Geflüchteter in Mayen",
        ("soz_mayen", "ukraine", "caritas"),
        (BE, WO),
        S.EXPIRED,
        "Erstorientierung, Wohnraum und Beratung nach der Ankunft im Frühjahr.",
        signed=-1000,
        valid_until=-20,
        responsible="caritas",
    ),
    AgreementSpec(
        "Flüchtlingsberatung in der Verbandsgemeinde Weißenthurm",
        ("drk", "vg_weissenthurm", "kurd"),
        (BE, RA),
        S.NEGOTIATION,
        "Sprechstunden in den Ortsgemeinden und Sprachmittlung durch das Kulturzentrum.",
        responsible="drk",
    ),
    AgreementSpec(
        "Deutschkurse für Frauen mit Kinderbetreuung",
        ("frauentreff", "kvhs", "office"),
        (SB, FK),
        S.NEGOTIATION,
        "Vormittagskurse in Vallendar, Kinderbetreuung durch den Frauentreff.",
    ),
    AgreementSpec(
        "Psychosoziale Versorgung Geflüchteter",
        ("psz", "gesundheitsamt", "caritas"),
        (GE,),
        S.SIGNED,
        "Abgestimmte Verweise, Dolmetscherpool und Fortbildungen für Fachkräfte.",
        signed=-250,
        review=250,
        responsible="psz",
    ),
    AgreementSpec(
        "Anerkennungsberatung ausländischer Berufsabschlüsse",
        ("ihk", "hwk", "aa"),
        (AN,),
        S.DRAFT,
        "Gemeinsame Erstberatung, feste Verweise und ein Merkblatt in acht Sprachen.",
        responsible="ihk",
    ),
]

COORDINATOR = "koordination@mayen-koblenz.example.org"
VOLUNTEER = "lotsin@mayen-koblenz.example.org"

MYK_OUTREACH = [
    OutreachSpec(
        "syrisch",
        400,
        C.MEETING,
        "Vorstellung des Integrationsnetzwerks",
        "Der Verein möchte im Netzwerk mitarbeiten.",
        "Einladung zum Netzwerktreffen schicken",
        -390,
        done=True,
    ),
    OutreachSpec(
        "syrisch",
        120,
        C.EVENT,
        "Netzwerktreffen im Frühjahr",
        "Zwei Vorstandsmitglieder nahmen teil und stellten die Hausaufgabenhilfe vor.",
    ),
    OutreachSpec(
        "syrisch",
        10,
        C.PHONE,
        "Räume für die Hausaufgabenhilfe",
        "Der Verein sucht einen Raum in der Innenstadt für zwei Nachmittage pro Woche.",
        "Raumanfrage bei der Stadt Andernach stellen",
        14,
    ),
    OutreachSpec(
        "afrika",
        420,
        C.VISIT,
        "Kennenlernen im Vereinsheim",
        "Großes Interesse an Informationen zur Migrationsberatung.",
        "Flyer der Beratungsstellen auf Französisch besorgen",
        -400,
        done=True,
    ),
    OutreachSpec(
        "afrika",
        240,
        C.EMAIL,
        "Einladung zum Fachtag Interkulturelle Öffnung",
        "Keine Antwort.",
        "Telefonisch nachfragen",
        -200,
    ),
    OutreachSpec(
        "ukraine",
        900,
        C.MEETING,
        "Erstkontakt nach der Ankunft der ersten Geflüchteten",
        "Bedarf an Wohnraum, Kita-Plätzen und Deutschkursen.",
        "Kontakt zur Migrationsberatung herstellen",
        -890,
        done=True,
    ),
    OutreachSpec(
        "ukraine",
        600,
        C.EVENT,
        "Informationsabend zum Aufenthalt",
        "Rund 60 Teilnehmende; viele Fragen zur Arbeitserlaubnis.",
    ),
    OutreachSpec(
        "ukraine",
        90,
        C.MEETING,
        "Sprachkursangebote für Erwachsene",
        "Abendkurse werden gewünscht.",
        "Anfrage an die Kreisvolkshochschule",
        -60,
        done=True,
    ),
    OutreachSpec(
        "ukraine",
        3,
        C.PHONE,
        "Wohnungssuche in Mayen",
        "Drei Familien suchen dringend eine Wohnung.",
        "Kontakt zur Wohnraumvermittlung herstellen",
        7,
        owner=VOLUNTEER,
    ),
    OutreachSpec(
        "moschee",
        300,
        C.MEETING,
        "Gesprächsabende fortsetzen?",
        "Der Vorstand wünscht neue Themen, etwa Ausbildung und Schule.",
    ),
    OutreachSpec(
        "moschee",
        45,
        C.VISIT,
        "Besuch beim Tag der offenen Moschee",
        "Gute Gespräche mit Eltern über Hausaufgabenhilfe.",
        "Termin für einen Elternabend abstimmen",
        -15,
        done=True,
    ),
    OutreachSpec(
        "eritrea",
        210,
        C.MEETING,
        "Unterstützung bei der Vereinsgründung",
        "Satzung liegt im Entwurf vor; Fragen zur Gemeinnützigkeit.",
        "Kontakt zur Ehrenamtsberatung vermitteln",
        -180,
    ),
    OutreachSpec(
        "afghan",
        150,
        C.EVENT,
        "Elternabend an der Grundschule",
        "Der Verein hat für 15 Familien gedolmetscht.",
    ),
    OutreachSpec(
        "afghan",
        20,
        C.PHONE,
        "Sprachmittlung in Dari und Paschtu",
        "Der Verein kann vier Sprachmittlerinnen und Sprachmittler benennen.",
        "Liste der Sprachmittlung mit dem Jobcenter abstimmen",
        5,
    ),
    OutreachSpec(
        "tuerk",
        400,
        C.EMAIL,
        "Einladung zum Netzwerktreffen",
        "Der Vorstand hatte zugesagt, kam aber nicht.",
    ),
    OutreachSpec(
        "frauentreff",
        200,
        C.MEETING,
        "Kinderbetreuung während der Deutschkurse",
        "Der Treff kann zwei Betreuerinnen stellen.",
        "Förderung beim Integrationsbüro beantragen",
        -150,
        done=True,
    ),
    OutreachSpec(
        "frauentreff",
        60,
        C.VISIT,
        "Besuch beim Frauenfrühstück",
        "Viele Fragen zu Gesundheit und Vorsorge.",
        "Termin mit der Psychosozialen Beratungsstelle vereinbaren",
        -5,
    ),
]

# --- Koblenz: a little of each ---------------------------------------------------------------

KOBLENZ_ORGANISATIONS = [
    _org(
        "office",
        KOBLENZ_OFFICE,
        ProfileSpec(
            "Koblenz",
            "Gymnasialstraße 8",
            "Das Integrationsbüro der Stadt Koblenz koordiniert Sprachkurse, Beratung und den "
            "Beirat für Migration und Integration.",
            (IO, TE),
            (GF, EU),
            ("de", "en", "tr"),
            OPEN_OFFICE,
            "public",
        ),
        contacts=1,
        linked=(("koordination@koblenz.example.org", "Koordination"),),
    ),
    _org(
        "abh",
        "Ausländerbehörde der Stadt Koblenz",
        ProfileSpec(
            "Koblenz",
            "Gymnasialstraße 8",
            "Aufenthaltstitel, Verlängerungen und Beratung für Fachkräfte aus dem Ausland.",
            (RA,),
            (GF, FKA),
            ("de", "en"),
            "Mo–Fr 8:00–12:00 (nur mit Termin)",
            "public",
        ),
    ),
    _org(
        "jobcenter",
        "Jobcenter Koblenz",
        ProfileSpec(
            "Koblenz",
            "Rudolf-Virchow-Straße 5",
            "Vermittlung in Arbeit und Ausbildung, Sprachkursberatung.",
            (AA, SB),
            (GF, EU),
            ("de", "en", "ar"),
            "Mo–Fr 8:00–12:00",
        ),
    ),
    _org(
        "caritas",
        KOBLENZ_CARITAS,
        ProfileSpec(
            "Koblenz",
            "Hohenfelder Straße 16",
            "Migrationsberatung für Erwachsene in Koblenz.",
            (BE, RA),
            (GF, EU, FA),
            ("de", "ar", "fa"),
            OPEN_ADVICE,
            "public",
        ),
        contacts=1,
        linked=(("fachkraft@koblenz.example.org", "Migrationsberatung"),),
    ),
]

KOBLENZ_RELATIONS: list[tuple[str, str, str, str]] = [
    ("office", "abh", R.COOPERATION, ""),
    ("office", "caritas", R.NETWORK, "Arbeitskreis Migration"),
    ("jobcenter", "caritas", R.REFERRAL, ""),
    ("abh", "caritas", R.REFERRAL, "Verweisberatung"),
]

KOBLENZ_AGREEMENTS = [
    AgreementSpec(
        "Kooperationsvereinbarung Migrationsberatung Koblenz",
        ("office", "caritas"),
        (BE,),
        S.SIGNED,
        "Abgestimmte Beratung für Neuzugewanderte in Koblenz.",
        signed=-700,
        review=20,
    ),
    AgreementSpec(
        "Arbeitsmarktintegration in Koblenz",
        ("office", "jobcenter"),
        (AA,),
        S.DRAFT,
        "Gemeinsame Sprechstunden im Integrationsbüro.",
    ),
]

PLANS = (
    DistrictPlan("mayen-koblenz", MYK_ORGANISATIONS, MYK_RELATIONS, MYK_AGREEMENTS, MYK_OUTREACH),
    DistrictPlan("koblenz", KOBLENZ_ORGANISATIONS, KOBLENZ_RELATIONS, KOBLENZ_AGREEMENTS),
)

# --- fictional people --------------------------------------------------------------------------

FIRST_NAMES = (
    "Anna", "Thomas", "Fatima", "Mehmet", "Olga", "Yonas", "Miriam", "Stefan", "Leyla",
    "Dariusz", "Claudia", "Ahmad", "Katharina", "Emre", "Nadia", "Jürgen", "Samira", "Petra",
    "Hamid", "Ivana", "Markus", "Zeynep", "Helga", "Tesfay", "Bernd", "Amira", "Lukas",
    "Halyna", "Karim", "Ulrike", "Rania", "Dieter", "Aylin", "Oksana", "Frank", "Mariam",
)  # fmt: skip
LAST_NAMES = (
    "Becker", "Schneider", "Yılmaz", "Haddad", "Petrenko", "Tesfaye", "Hoffmann", "Karimi",
    "Nowak", "Wagner", "Demir", "Al-Khatib", "Schmitt", "Bauer", "Rahimi", "Klein", "Mansour",
    "Weber", "Öztürk", "Kovač", "Hartmann", "Berhane", "Fischer", "Saleh", "Lange",
    "Bondarenko", "Richter", "Ahmadi", "Krause", "Meyer",
)  # fmt: skip

FUNCTIONS: dict[str, tuple[str, ...]] = {
    K.AUTHORITY: ("Sachgebietsleitung", "Sachbearbeitung Integration", "Ehrenamtskoordination"),
    K.JOBCENTRE: ("Teamleitung Migration", "Arbeitsvermittlung", "Integrationsfachkraft"),
    K.CHAMBER: ("Anerkennungsberatung", "Ausbildungsberatung"),
    K.MUNICIPALITY: ("Sachbearbeitung Soziales", "Integrationsbeauftragte der Stadt"),
    K.WELFARE: ("Migrationsberatung", "Fachdienstleitung", "Flüchtlingssozialarbeit"),
    K.MIGRANT_ORG: ("Vorstand", "Jugendarbeit"),
    K.RELIGIOUS: ("Gemeindereferat", "Vorstand"),
    K.EDUCATION: ("Fachbereichsleitung Deutsch", "Kursorganisation"),
    K.COMPANY: ("Ausbildungsleitung", "Personalabteilung"),
    K.INITIATIVE: ("Koordination", "Vorstand"),
    K.OTHER: ("Leitung", "Beratung"),
}

CONTACT_LANGUAGES = ("en", "ar", "fa", "uk", "ru", "tr", "fr")

# The people of districts/demo.py, fictional too, appear as contacts of their organisations.
DEMO_PEOPLE_NAMES = {
    "koordination@mayen-koblenz.example.org": "Jana Wiesner",
    "orga-admin@mayen-koblenz.example.org": "Murat Aydın",
    "fachkraft@mayen-koblenz.example.org": "Sabine Roth",
    "fallarbeit@mayen-koblenz.example.org": "Tobias Keller",
    "lotsin@mayen-koblenz.example.org": "Olena Kovalenko",
    "koordination@koblenz.example.org": "Henrik Vogt",
    "fachkraft@koblenz.example.org": "Lea Schubert",
}


@dataclass(frozen=True)
class ContactPlan:
    alias: str
    name: str
    function: str
    email: str
    phone: str
    languages: tuple[str, ...]
    topics: tuple[str, ...]
    is_public: bool
    user_email: str = ""


def _ascii(text: str) -> str:
    text = text.lower()
    for umlaut, plain in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss"), ("ı", "i")):
        text = text.replace(umlaut, plain)
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in folded if ch.isalnum() or ch == "-")


def _domain(email: str) -> str:
    return email.rsplit("@", 1)[1]


def contact_plans(
    plan: DistrictPlan, org_specs: dict[str, tuple[str, str, str]], rng: random.Random
) -> list[ContactPlan]:
    """The contacts of a district; `org_specs` maps alias to (kind, e-mail, phone)."""
    names = [f"{first} {last}" for first in FIRST_NAMES for last in LAST_NAMES]
    rng.shuffle(names)
    contacts = []
    for org in plan.organisations:
        kind, email, phone = org_specs[org.alias]
        functions = FUNCTIONS[kind]
        prefix = phone.rsplit("-", 1)[0] if "-" in phone else phone
        base = int(phone.rsplit("-", 1)[1]) if "-" in phone else 0
        for index, (user_email, function) in enumerate(org.linked):
            contacts.append(
                ContactPlan(
                    org.alias,
                    DEMO_PEOPLE_NAMES[user_email],
                    function,
                    user_email,
                    f"{prefix}-{base + 1 + index}",
                    ("de", *rng.sample([c for c in org.profile.languages if c != "de"], k=1)),
                    org.profile.topics[:2],
                    is_public=kind != K.INITIATIVE,
                    user_email=user_email,
                )
            )
        for index in range(org.contacts):
            name = names.pop()
            first, last = name.split(" ", 1)
            spoken = [code for code in org.profile.languages if code in CONTACT_LANGUAGES]
            contacts.append(
                ContactPlan(
                    org.alias,
                    name,
                    functions[index % len(functions)],
                    f"{_ascii(first)}.{_ascii(last)}@{_domain(email)}",
                    f"{prefix}-{base + 11 + index}",
                    ("de", *rng.sample(spoken, k=min(len(spoken), rng.randint(0, 2)))),
                    tuple(rng.sample(org.profile.topics, k=1)),
                    is_public=rng.random() < 0.35,
                )
            )
    return contacts


# --- writing -----------------------------------------------------------------------------------


def _create(
    obj: models.Model,
    *,
    action: str,
    district: District,
    created: Counter[str],
    changes: dict[str, Any] | None = None,
) -> None:
    obj.full_clean()
    obj.save()
    audit(
        actor=None, action=action, obj=obj, district=district, changes={**SOURCE, **(changes or {})}
    )
    created[str(obj._meta.verbose_name_plural)] += 1


def _new_organisations(district: District, created: Counter[str]) -> None:
    existing = set(Organisation.objects.for_district(district).values_list("name", flat=True))
    municipalities = {m.name: m for m in Municipality.objects.for_district(district)}
    for spec in NEW_ORGANISATIONS:
        if spec.name in existing:
            continue
        obj = Organisation(
            district=district,
            name=spec.name,
            short_name=spec.short_name,
            kind=spec.kind,
            municipality=municipalities.get(spec.municipality),
            is_member=spec.is_member,
            is_active=spec.name not in DORMANT,
            email=spec.email,
            phone=spec.phone,
            website=f"https://www.{_domain(spec.email)}",
        )
        _create(obj, action="organisation.create", district=district, created=created)


def _coordinate(value: float, rng: random.Random) -> Decimal:
    return Decimal(str(round(value + rng.uniform(-0.006, 0.006), 5)))


def _profiles(
    district: District,
    plan: DistrictPlan,
    orgs: dict[str, Organisation],
    topics: dict[str, Topic],
    groups: dict[str, TargetGroup],
    rng: random.Random,
    created: Counter[str],
) -> None:
    profiles = {p.organisation_id: p for p in Profile.objects.for_district(district)}
    for org_plan in plan.organisations:
        spec = org_plan.profile
        postcode, lat, lon = TOWNS[spec.town]
        latitude, longitude = _coordinate(lat, rng), _coordinate(lon, rng)  # always drawn
        organisation = orgs.get(org_plan.alias)
        if organisation is None:
            continue
        profile = profiles.get(organisation.pk)
        if profile is not None and (
            profile.description or profile.street or profile.topics.exists()
        ):
            continue  # filled in already (perhaps edited while trying the demo)
        action = "profile.create" if profile is None else "profile.update"
        profile = profile or Profile(district=district, organisation=organisation)
        audiences = AUDIENCES[spec.audience]
        profile.description = spec.description
        profile.languages = list(spec.languages)
        profile.street = spec.street
        profile.postcode = postcode
        profile.city = spec.town
        profile.latitude, profile.longitude = latitude, longitude
        profile.opening_hours = spec.opening_hours
        (
            profile.description_audience,
            profile.contact_audience,
            profile.address_audience,
            profile.opening_hours_audience,
            profile.topics_audience,
        ) = audiences
        chosen_topics = [topics[name] for name in spec.topics if name in topics]
        chosen_groups = [groups[name] for name in spec.target_groups if name in groups]
        _create(
            profile,
            action=action,
            district=district,
            created=created,
            changes={
                "topics": [t.name for t in chosen_topics],
                "target_groups": [g.name for g in chosen_groups],
            },
        )
        profile.topics.set(chosen_topics)
        profile.target_groups.set(chosen_groups)


def _contacts(
    district: District,
    plan: DistrictPlan,
    orgs: dict[str, Organisation],
    topics: dict[str, Topic],
    rng: random.Random,
    created: Counter[str],
) -> dict[str, Contact]:
    """Creates the missing contacts; returns the first contact of each organisation by alias."""
    org_specs = {
        alias: (org.kind, org.email or f"info@{alias}.example.org", org.phone or "0261 555-0000")
        for alias, org in orgs.items()
    }
    for org_plan in plan.organisations:
        org_specs.setdefault(org_plan.alias, (K.OTHER, "info@example.org", "0261 555-0000"))
    existing = {(c.organisation_id, c.name): c for c in Contact.objects.for_district(district)}
    users = {u.email: u for u in User.objects.filter(email__in=DEMO_PEOPLE_NAMES)}
    first: dict[str, Contact] = {}
    for spec in contact_plans(plan, org_specs, rng):
        organisation = orgs.get(spec.alias)
        if organisation is None:
            continue
        contact = existing.get((organisation.pk, spec.name))
        if contact is None:
            contact = Contact(
                district=district,
                organisation=organisation,
                name=spec.name,
                function=spec.function,
                email=spec.email,
                phone=spec.phone,
                languages=list(spec.languages),
                is_public=spec.is_public,
                user=users.get(spec.user_email),
            )
            chosen = [topics[name] for name in spec.topics if name in topics]
            _create(
                contact,
                action="contact.create",
                district=district,
                created=created,
                changes={"topics": [t.name for t in chosen]},
            )
            contact.topics.set(chosen)
        first.setdefault(spec.alias, contact)
    return first


def _relations(
    district: District,
    plan: DistrictPlan,
    orgs: dict[str, Organisation],
    today: datetime.date,
    rng: random.Random,
    created: Counter[str],
) -> None:
    existing = set(
        Relation.objects.for_district(district).values_list("source_id", "target_id", "kind")
    )
    for source_alias, target_alias, kind, note in plan.relations:
        since = today - datetime.timedelta(days=rng.randint(90, 3000))  # always drawn
        source, target = orgs.get(source_alias), orgs.get(target_alias)
        if source is None or target is None:
            continue
        keys = {(source.pk, target.pk, kind)}
        if kind not in Relation.DIRECTED:
            keys.add((target.pk, source.pk, kind))
        if keys & existing:
            continue
        relation = Relation(
            district=district, source=source, target=target, kind=kind, since=since, note=note
        )
        _create(relation, action="relation.create", district=district, created=created)
        existing |= keys


def _day(today: datetime.date, offset: int | None) -> datetime.date | None:
    return None if offset is None else today + datetime.timedelta(days=offset)


def _agreements(
    district: District,
    plan: DistrictPlan,
    orgs: dict[str, Organisation],
    topics: dict[str, Topic],
    responsible: dict[str, Contact],
    today: datetime.date,
    created: Counter[str],
) -> None:
    existing = set(Agreement.objects.for_district(district).values_list("title", flat=True))
    for spec in plan.agreements:
        if spec.title in existing:
            continue
        parties = [orgs[alias] for alias in spec.parties if alias in orgs]
        if len(parties) < 2:
            continue
        signed_on = _day(today, spec.signed)
        agreement = Agreement(
            district=district,
            title=spec.title,
            subject=spec.subject,
            status=spec.status,
            signed_on=signed_on,
            valid_from=signed_on,
            valid_until=_day(today, spec.valid_until),
            review_on=_day(today, spec.review),
            responsible=responsible.get(spec.responsible),
        )
        chosen = [topics[name] for name in spec.topics if name in topics]
        _create(
            agreement,
            action="agreement.create",
            district=district,
            created=created,
            changes={"parties": [p.name for p in parties], "topics": [t.name for t in chosen]},
        )
        agreement.parties.set(parties)
        agreement.topics.set(chosen)


def _outreach(
    district: District,
    plan: DistrictPlan,
    orgs: dict[str, Organisation],
    today: datetime.date,
    created: Counter[str],
) -> None:
    existing = set(
        OutreachEntry.objects.for_district(district).values_list("organisation_id", "topic")
    )
    owners = {u.email: u for u in User.objects.filter(email__in=[COORDINATOR, VOLUNTEER])}
    for spec in plan.outreach:
        organisation = orgs.get(spec.alias)
        if organisation is None or (organisation.pk, spec.topic) in existing:
            continue
        entry = OutreachEntry(
            district=district,
            organisation=organisation,
            date=today - datetime.timedelta(days=spec.days_ago),
            channel=spec.channel,
            topic=spec.topic,
            outcome=spec.outcome,
            next_step=spec.next_step,
            next_step_due=_day(today, spec.next_step_due),
            next_step_done=spec.done,
            owner=owners.get(spec.owner),
        )
        _create(entry, action="outreachentry.create", district=district, created=created)


def _seed_district(
    district: District, plan: DistrictPlan, today: datetime.date, created: Counter[str]
) -> None:
    rng = random.Random(f"{RANDOM_SEED}-{plan.slug}")  # noqa: S311 - reproducible demo data
    created["Standardvokabular"] += vocabulary_seed_defaults(district=district)
    if plan.slug == "mayen-koblenz":
        _new_organisations(district, created)
    by_name = {o.name: o for o in Organisation.objects.for_district(district)}
    orgs = {p.alias: by_name[p.name] for p in plan.organisations if p.name in by_name}
    topics = {t.name: t for t in Topic.objects.for_district(district)}
    groups = {g.name: g for g in TargetGroup.objects.for_district(district)}
    _profiles(district, plan, orgs, topics, groups, rng, created)
    responsible = _contacts(district, plan, orgs, topics, rng, created)
    _relations(district, plan, orgs, today, rng, created)
    _agreements(district, plan, orgs, topics, responsible, today, created)
    _outreach(district, plan, orgs, today, created)


@transaction.atomic
def seed(*, today: datetime.date | None = None) -> Counter[str]:
    """Create whatever of the network demo is missing; returns what was created, by kind.

    Runs after the districts' demo (`manage.py seed_demo`); districts it does not find are
    skipped.
    """
    today = today or timezone.localdate()
    created: Counter[str] = Counter()
    for plan in PLANS:
        district = District.objects.filter(slug=plan.slug).first()
        if district is not None:
            _seed_district(district, plan, today, created)
    return +created  # drops kinds with nothing created
