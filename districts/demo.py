"""Demo content for `manage.py seed_demo` and `manage.py demo_signins`.

Two neighbouring networks: the Landkreis Mayen-Koblenz with its real towns and Verbandsgemeinden
(public facts) and many organisations of the kinds its integration work involves, and the Stadt
Koblenz with a few, so that the separation between districts can be seen. All people, e-mail
addresses and telephone numbers are fictional (example.org, 0261 555-xxxx).
"""

from __future__ import annotations

from dataclasses import dataclass

from .models import Municipality, Organisation, Role

# One password for every demo person; it passes the password validators (12+ characters).
DEMO_PASSWORD = "Lotse-Demo-2026"  # noqa: S105 - public by design, demo only

# The fixed TOTP secret of the demo accounts that need a second factor (base32, 20 bytes). Any
# authenticator app accepts it ("enter a setup key", time-based, 6 digits, 30 seconds).
DEMO_TOTP_SECRET = "LOTSEDEMOLOTSEDEMOLOTSEDEMOLOTSE"  # noqa: S105 - public, demo only

M = Municipality.Kind
K = Organisation.Kind


@dataclass(frozen=True)
class MunicipalitySpec:
    name: str
    kind: str
    postcodes: str = ""


@dataclass(frozen=True)
class OrganisationSpec:
    name: str
    kind: str
    email: str
    phone: str
    short_name: str = ""
    municipality: str = ""
    is_integration_office: bool = False
    is_member: bool = True


@dataclass(frozen=True)
class PersonSpec:
    email: str
    name: str
    organisation: str
    role: str
    label: str  # what the person shows in the demo, German / English
    is_org_admin: bool = False
    can_casework: bool = False
    totp: bool = False


@dataclass(frozen=True)
class DistrictSpec:
    ags: str
    slug: str
    name: str
    municipalities: tuple[MunicipalitySpec, ...]
    organisations: tuple[OrganisationSpec, ...]
    people: tuple[PersonSpec, ...]


MAYEN_KOBLENZ_MUNICIPALITIES = (
    MunicipalitySpec("Andernach", M.LARGE_CITY, "56626"),
    MunicipalitySpec("Mayen", M.LARGE_CITY, "56727"),
    # Bendorf is a verbandsfreie Stadt, not a große kreisangehörige Stadt.
    MunicipalitySpec("Bendorf", M.CITY, "56170"),
    MunicipalitySpec("Verbandsgemeinde Maifeld", M.ASSOCIATION),
    MunicipalitySpec("Verbandsgemeinde Mendig", M.ASSOCIATION),
    MunicipalitySpec("Verbandsgemeinde Pellenz", M.ASSOCIATION),
    MunicipalitySpec("Verbandsgemeinde Rhein-Mosel", M.ASSOCIATION),
    MunicipalitySpec("Verbandsgemeinde Vallendar", M.ASSOCIATION),
    MunicipalitySpec("Verbandsgemeinde Vordereifel", M.ASSOCIATION),
    MunicipalitySpec("Verbandsgemeinde Weißenthurm", M.ASSOCIATION),
    # Towns and Ortsgemeinden inside the Verbandsgemeinden (only well-known members).
    MunicipalitySpec("Polch", M.CITY, "56751"),  # VG Maifeld
    MunicipalitySpec("Münstermaifeld", M.CITY, "56294"),  # VG Maifeld
    MunicipalitySpec("Mendig", M.CITY, "56743"),  # VG Mendig
    MunicipalitySpec("Plaidt", M.MUNICIPALITY, "56637"),  # VG Pellenz
    MunicipalitySpec("Kruft", M.MUNICIPALITY, "56642"),  # VG Pellenz
    MunicipalitySpec("Kobern-Gondorf", M.MUNICIPALITY, "56330"),  # VG Rhein-Mosel
    MunicipalitySpec("Winningen", M.MUNICIPALITY, "56333"),  # VG Rhein-Mosel
    MunicipalitySpec("Rhens", M.CITY, "56321"),  # VG Rhein-Mosel
    MunicipalitySpec("Vallendar", M.CITY, "56179"),  # VG Vallendar
    MunicipalitySpec("Urbar", M.MUNICIPALITY, "56182"),  # VG Vallendar
    MunicipalitySpec("Niederwerth", M.MUNICIPALITY, "56179"),  # VG Vallendar
    MunicipalitySpec("Kottenheim", M.MUNICIPALITY, "56736"),  # VG Vordereifel
    MunicipalitySpec("Weißenthurm", M.CITY, "56575"),  # VG Weißenthurm
    MunicipalitySpec("Mülheim-Kärlich", M.CITY, "56218"),  # VG Weißenthurm
    MunicipalitySpec("Kettig", M.MUNICIPALITY, "56220"),  # VG Weißenthurm
    MunicipalitySpec("Urmitz", M.MUNICIPALITY, "56220"),  # VG Weißenthurm
)

MYK_OFFICE = "Integrationsbüro der Kreisverwaltung Mayen-Koblenz"
MYK_CARITAS = "Caritas-Migrationsberatung Mayen"
MYK_JOBCENTRE = "Jobcenter Mayen-Koblenz"
MYK_DIAKONIE = "Diakonie-Migrationsdienst Andernach"
MYK_GUIDES = "Ehrenamtsnetzwerk Integrationslotsen Mayen-Koblenz"

MAYEN_KOBLENZ_ORGANISATIONS = (
    OrganisationSpec(
        MYK_OFFICE,
        K.AUTHORITY,
        "integration@kv-myk.example.org",
        "0261 555-1000",
        short_name="Integrationsbüro",
        is_integration_office=True,
    ),
    OrganisationSpec(
        "Ausländerbehörde der Kreisverwaltung Mayen-Koblenz",
        K.AUTHORITY,
        "auslaenderbehoerde@kv-myk.example.org",
        "0261 555-1100",
        short_name="Ausländerbehörde",
    ),
    OrganisationSpec(
        "Jugendamt der Kreisverwaltung Mayen-Koblenz",
        K.AUTHORITY,
        "jugendamt@kv-myk.example.org",
        "0261 555-1200",
        short_name="Jugendamt",
    ),
    OrganisationSpec(
        "Gesundheitsamt der Kreisverwaltung Mayen-Koblenz",
        K.AUTHORITY,
        "gesundheitsamt@kv-myk.example.org",
        "0261 555-1300",
        short_name="Gesundheitsamt",
    ),
    OrganisationSpec(
        MYK_JOBCENTRE,
        K.JOBCENTRE,
        "migration@jobcenter-myk.example.org",
        "0261 555-2000",
        short_name="Jobcenter",
    ),
    OrganisationSpec(
        "Agentur für Arbeit Koblenz-Mayen",
        K.JOBCENTRE,
        "koblenz-mayen@arbeitsagentur.example.org",
        "0261 555-2100",
        short_name="Arbeitsagentur",
    ),
    OrganisationSpec(
        "Lotsenhaus für Geflüchtete",
        K.OTHER,
        "kontakt@lotsenhaus.example.org",
        "0261 555-2200",
        short_name="Lotsenhaus",
    ),
    OrganisationSpec(
        "Handwerkskammer Koblenz",
        K.CHAMBER,
        "integration@hwk.example.org",
        "0261 555-3000",
        short_name="HwK",
    ),
    OrganisationSpec(
        "Industrie- und Handelskammer Koblenz",
        K.CHAMBER,
        "fachkraefte@ihk.example.org",
        "0261 555-3100",
        short_name="IHK",
    ),
    OrganisationSpec(
        "Kreisvolkshochschule Mayen-Koblenz",
        K.EDUCATION,
        "integrationskurse@kvhs-myk.example.org",
        "0261 555-4000",
        short_name="KVHS",
    ),
    OrganisationSpec(
        "Volkshochschule Andernach",
        K.EDUCATION,
        "deutschkurse@vhs-andernach.example.org",
        "02632 555-4100",
        short_name="VHS Andernach",
        municipality="Andernach",
    ),
    OrganisationSpec(
        "Sprachinstitut Eifeltor",
        K.EDUCATION,
        "info@sprachinstitut-eifeltor.example.org",
        "02651 555-4200",
        municipality="Mayen",
    ),
    OrganisationSpec(
        MYK_CARITAS,
        K.WELFARE,
        "migrationsberatung@caritas-mayen.example.org",
        "02651 555-5000",
        short_name="Caritas MBE",
        municipality="Mayen",
    ),
    OrganisationSpec(
        MYK_DIAKONIE,
        K.WELFARE,
        "migrationsdienst@diakonie-andernach.example.org",
        "02632 555-5100",
        short_name="Diakonie",
        municipality="Andernach",
    ),
    OrganisationSpec(
        "AWO-Migrationsberatung Bendorf",
        K.WELFARE,
        "migration@awo-bendorf.example.org",
        "02622 555-5200",
        short_name="AWO",
        municipality="Bendorf",
    ),
    OrganisationSpec(
        "DRK-Flüchtlingsberatung Weißenthurm",
        K.WELFARE,
        "fluechtlingsberatung@drk-weissenthurm.example.org",
        "02637 555-5300",
        short_name="DRK",
        municipality="Weißenthurm",
    ),
    OrganisationSpec(
        "Jugendmigrationsdienst Mayen-Koblenz",
        K.WELFARE,
        "jmd@jmd-myk.example.org",
        "02632 555-5400",
        short_name="JMD",
        municipality="Andernach",
    ),
    OrganisationSpec(
        "Rechtshilfeverein Rhein-Mosel e. V.",
        K.INITIATIVE,
        "rechtskurse@rechtshilfe-rhein-mosel.example.org",
        "0261 555-6000",
        short_name="Rechtshilfeverein",
    ),
    OrganisationSpec(
        "Verbraucherzentrale – Verbraucherberatung für Zugewanderte",
        K.OTHER,
        "zugewanderte@verbraucherberatung.example.org",
        "0261 555-6100",
        short_name="Verbraucherberatung",
    ),
    OrganisationSpec(
        "Moscheeverein Maifeld e. V.",
        K.RELIGIOUS,
        "vorstand@moscheeverein-maifeld.example.org",
        "02654 555-7000",
        municipality="Polch",
    ),
    OrganisationSpec(
        "Syrisch-Deutscher Familienverein Andernach e. V.",
        K.MIGRANT_ORG,
        "kontakt@familienverein-andernach.example.org",
        "02632 555-7100",
        municipality="Andernach",
    ),
    OrganisationSpec(
        "Afrikanischer Kulturverein Rhein-Mosel e. V.",
        K.MIGRANT_ORG,
        "info@afrika-rhein-mosel.example.org",
        "0261 555-7200",
        municipality="Kobern-Gondorf",
    ),
    OrganisationSpec(
        "Ukrainische Gemeinschaft Mayen-Koblenz e. V.",
        K.MIGRANT_ORG,
        "kontakt@ukraine-myk.example.org",
        "02651 555-7300",
        municipality="Mayen",
    ),
    OrganisationSpec(
        MYK_GUIDES,
        K.INITIATIVE,
        "lotsen@integrationslotsen-myk.example.org",
        "0261 555-8000",
        short_name="Integrationslotsen",
    ),
    OrganisationSpec(
        "Willkommensinitiative Pellenz",
        K.INITIATIVE,
        "hallo@willkommen-pellenz.example.org",
        "02632 555-8100",
        municipality="Plaidt",
    ),
    OrganisationSpec(
        "Stadtverwaltung Andernach – Amt für Soziales",
        K.MUNICIPALITY,
        "soziales@stadt-andernach.example.org",
        "02632 555-9000",
        short_name="Sozialamt Andernach",
        municipality="Andernach",
    ),
    OrganisationSpec(
        "Stadtverwaltung Mayen – Soziales und Integration",
        K.MUNICIPALITY,
        "soziales@stadt-mayen.example.org",
        "02651 555-9100",
        short_name="Sozialamt Mayen",
        municipality="Mayen",
    ),
    OrganisationSpec(
        "Verbandsgemeindeverwaltung Weißenthurm – Soziales",
        K.MUNICIPALITY,
        "soziales@vg-weissenthurm.example.org",
        "02637 555-9200",
        municipality="Verbandsgemeinde Weißenthurm",
    ),
    OrganisationSpec(
        "Verbandsgemeindeverwaltung Vordereifel – Soziales",
        K.MUNICIPALITY,
        "soziales@vg-vordereifel.example.org",
        "02651 555-9300",
        municipality="Verbandsgemeinde Vordereifel",
    ),
    OrganisationSpec(
        "Eifel-Mosel Pflegedienst GmbH",
        K.COMPANY,
        "ausbildung@eifel-mosel-pflege.example.org",
        "02654 555-9400",
        municipality="Polch",
        is_member=False,
    ),
)

MAYEN_KOBLENZ_PEOPLE = (
    PersonSpec(
        "koordination@mayen-koblenz.example.org",
        "Jana Wiesner",
        MYK_OFFICE,
        Role.COORDINATOR,
        "Koordination / coordinator",
        totp=True,
    ),
    PersonSpec(
        "orga-admin@mayen-koblenz.example.org",
        "Murat Aydın",
        MYK_CARITAS,
        Role.STAFF,
        "Orga-Admin / organisation admin",
        is_org_admin=True,
    ),
    PersonSpec(
        "fachkraft@mayen-koblenz.example.org",
        "Sabine Roth",
        MYK_JOBCENTRE,
        Role.STAFF,
        "Fachkraft / staff",
    ),
    PersonSpec(
        "fallarbeit@mayen-koblenz.example.org",
        "Tobias Keller",
        MYK_DIAKONIE,
        Role.STAFF,
        "Fallarbeit / case worker",
        can_casework=True,
        totp=True,
    ),
    PersonSpec(
        "lotsin@mayen-koblenz.example.org",
        "Olena Kovalenko",
        MYK_GUIDES,
        Role.VOLUNTEER,
        "Lotsin, Ehrenamt / volunteer",
    ),
)

KOBLENZ_OFFICE = "Integrationsbüro der Stadtverwaltung Koblenz"
KOBLENZ_CARITAS = "Caritas-Migrationsberatung Koblenz"

KOBLENZ_MUNICIPALITIES = (
    MunicipalitySpec("Koblenz", M.CITY, "56068, 56070, 56072, 56073, 56075, 56076, 56077"),
)

KOBLENZ_ORGANISATIONS = (
    OrganisationSpec(
        KOBLENZ_OFFICE,
        K.AUTHORITY,
        "integration@stadt-koblenz.example.org",
        "0261 555-0100",
        short_name="Integrationsbüro",
        municipality="Koblenz",
        is_integration_office=True,
    ),
    OrganisationSpec(
        "Ausländerbehörde der Stadt Koblenz",
        K.AUTHORITY,
        "auslaenderbehoerde@stadt-koblenz.example.org",
        "0261 555-0200",
        short_name="Ausländerbehörde",
        municipality="Koblenz",
    ),
    OrganisationSpec(
        "Jobcenter Koblenz",
        K.JOBCENTRE,
        "migration@jobcenter-koblenz.example.org",
        "0261 555-0300",
        short_name="Jobcenter",
        municipality="Koblenz",
    ),
    OrganisationSpec(
        KOBLENZ_CARITAS,
        K.WELFARE,
        "migrationsberatung@caritas-koblenz.example.org",
        "0261 555-0400",
        short_name="Caritas MBE",
        municipality="Koblenz",
    ),
)

KOBLENZ_PEOPLE = (
    PersonSpec(
        "koordination@koblenz.example.org",
        "Henrik Vogt",
        KOBLENZ_OFFICE,
        Role.COORDINATOR,
        "Koordination / coordinator",
        totp=True,
    ),
    PersonSpec(
        "fachkraft@koblenz.example.org",
        "Lea Schubert",
        KOBLENZ_CARITAS,
        Role.STAFF,
        "Fachkraft / staff",
    ),
)

DISTRICTS = (
    DistrictSpec(
        ags="07137",
        slug="mayen-koblenz",
        name="Landkreis Mayen-Koblenz",
        municipalities=MAYEN_KOBLENZ_MUNICIPALITIES,
        organisations=MAYEN_KOBLENZ_ORGANISATIONS,
        people=MAYEN_KOBLENZ_PEOPLE,
    ),
    DistrictSpec(
        ags="07111",
        slug="koblenz",
        name="Stadt Koblenz",
        municipalities=KOBLENZ_MUNICIPALITIES,
        organisations=KOBLENZ_ORGANISATIONS,
        people=KOBLENZ_PEOPLE,
    ),
)


def all_people() -> list[tuple[DistrictSpec, PersonSpec]]:
    return [(district, person) for district in DISTRICTS for person in district.people]
