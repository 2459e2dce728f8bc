"""Demo content of the directory, run by `manage.py seed_demo` after the network's demo.

Mayen-Koblenz gets about forty offers of its demo organisations (language and integration
courses, migration counselling, Sprachcafé, family centre, recognition and legal advice, leisure,
sports, job coaching …) at places in the real towns, German originals with English, Arabic and
Ukrainian translations for most (some German only, so that the fallback notice shows; a few
machine-translated, one outdated), some stale entries, fifteen events (some recurring, one every
second Tuesday with an exception) and two community proposals waiting for moderation. Koblenz
gets a few offers, to show that districts stay apart.

Everything is fictional: streets, e-mail addresses (example.org), phone numbers (555); the
towns' postcodes and rough coordinates are public facts. A fixed random seed makes every run
produce the same data; dates are relative to the day of seeding. Idempotent: rows are matched by
their `external_id` (`demo:…`), never by date, so a second run adds nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from core.audit import audit
from districts.demo import (
    KOBLENZ_CARITAS,
    KOBLENZ_OFFICE,
    MYK_CARITAS,
    MYK_DIAKONIE,
    MYK_GUIDES,
    MYK_JOBCENTRE,
    MYK_OFFICE,
)
from districts.models import District, Municipality, Organisation
from districts.vocabulary import DirectoryTopic as Topic
from network.demo import TOWNS

from .models import (
    Event,
    EventTranslation,
    Offer,
    OfferTranslation,
    Place,
    PlaceTranslation,
    Status,
    Submission,
    TranslationState,
)
from .search import bulk_indexing

RANDOM_SEED = 20160801  # the Integrationsgesetz came into force in August 2016
SOURCE = {"source": "seed_demo"}

K = Offer.Kind
T = Topic
KVHS = "Kreisvolkshochschule Mayen-Koblenz"
VHS_AN = "Volkshochschule Andernach"
SPRACH = "Sprachinstitut Eifeltor"
AWO = "AWO-Migrationsberatung Bendorf"
DRK = "DRK-Flüchtlingsberatung Weißenthurm"
JMD = "Jugendmigrationsdienst Mayen-Koblenz"
RECHT = "Rechtshilfeverein Rhein-Mosel e. V."
VZ = "Verbraucherzentrale – Verbraucherberatung für Zugewanderte"
SYR = "Syrisch-Deutscher Familienverein Andernach e. V."
AFR = "Afrikanischer Kulturverein Rhein-Mosel e. V."
UKR = "Ukrainische Gemeinschaft Mayen-Koblenz e. V."
PELLENZ = "Willkommensinitiative Pellenz"
IHK = "Industrie- und Handelskammer Koblenz"
HWK = "Handwerkskammer Koblenz"
JUGENDAMT = "Jugendamt der Kreisverwaltung Mayen-Koblenz"
GESUNDHEIT = "Gesundheitsamt der Kreisverwaltung Mayen-Koblenz"
LOTSENHAUS = "Lotsenhaus für Geflüchtete"
MOSCHEE = "Moscheeverein Maifeld e. V."

Texts = dict[str, tuple[str, str]]  # language → (title, summary)


@dataclass(frozen=True)
class PlaceSpec:
    key: str
    name: str
    town: str
    street: str
    opening_hours: str = ""
    barrier_free: bool | None = True


@dataclass(frozen=True)
class OfferSpec:
    key: str
    organisation: str
    kind: str
    topics: tuple[str, ...]
    groups: tuple[str, ...]
    languages: tuple[str, ...]
    place: str
    texts: Texts
    cost: str = ""  # German cost note; empty means free of charge
    childcare: bool = False
    format: str = Offer.Format.IN_PERSON
    eligibility: str = ""
    stale: bool = False
    states: dict[str, str] = field(default_factory=dict)  # language → state other than reviewed


@dataclass(frozen=True)
class EventSpec:
    key: str
    offer: str
    texts: dict[str, str]  # language → title
    days: int  # first date, relative to the day of seeding (moved to `weekday` if given)
    hour: int
    minutes: int = 120
    weekday: int | None = None  # 0 = Monday
    rrule: str = ""
    exception_weeks: tuple[int, ...] = ()  # occurrences (in weeks after the first) that fall out
    all_day: bool = False


def _t(
    de: tuple[str, str], en: tuple[str, str] | None = None, ar: Any = None, uk: Any = None
) -> Texts:
    texts = {"de": de}
    for language, value in (("en", en), ("ar", ar), ("uk", uk)):
        if value is not None:
            texts[language] = value
    return texts


MYK_PLACES = (
    PlaceSpec(
        "kvhs-andernach",
        "KVHS Bildungszentrum Andernach",
        "Andernach",
        "Hochstraße 40",
        "Mo–Do 8:00–20:00, Fr 8:00–13:00",
    ),
    PlaceSpec(
        "kvhs-mayen",
        "KVHS Lernzentrum Mayen",
        "Mayen",
        "Bürresheimer Straße 12",
        "Mo–Fr 8:00–18:00",
    ),
    PlaceSpec(
        "vhs-andernach",
        "Volkshochschule Andernach, Haus am Stadtgraben",
        "Andernach",
        "Am Stadtgraben 5",
        "Mo–Fr 9:00–12:00, Di und Do 15:00–18:00",
    ),
    PlaceSpec(
        "sprachinstitut",
        "Sprachinstitut Eifeltor",
        "Mayen",
        "Marktstraße 18",
        "Mo–Fr 9:00–17:00",
        barrier_free=False,
    ),
    PlaceSpec(
        "caritas-mayen",
        "Caritas-Haus Mayen",
        "Mayen",
        "Alleestraße 25",
        "Di 9:00–12:00, Do 14:00–17:00, sonst nach Vereinbarung",
    ),
    PlaceSpec(
        "diakonie-andernach",
        "Diakonie-Migrationsdienst Andernach",
        "Andernach",
        "Kirchstraße 5",
        "Di 9:00–12:00, Do 14:00–17:00",
    ),
    PlaceSpec(
        "awo-bendorf",
        "AWO-Beratungsstelle Bendorf",
        "Bendorf",
        "Hauptstraße 60",
        "Mo und Mi 9:00–12:00",
        barrier_free=False,
    ),
    PlaceSpec(
        "drk-weissenthurm",
        "DRK-Haus Weißenthurm",
        "Weißenthurm",
        "Hauptstraße 102",
        "Di und Fr 10:00–13:00",
    ),
    PlaceSpec(
        "jmd-andernach",
        "Jugendmigrationsdienst Andernach",
        "Andernach",
        "Breite Straße 8",
        "Mo–Do 10:00–16:00",
    ),
    PlaceSpec(
        "familienzentrum-mayen",
        "Familienzentrum Regenbogen Mayen",
        "Mayen",
        "Genovevastraße 30",
        "Mo–Fr 8:00–16:00",
    ),
    PlaceSpec(
        "buergerhaus-plaidt",
        "Bürgerhaus Plaidt",
        "Plaidt",
        "Bahnhofstraße 7",
        "Sprachcafé Do 16:00–18:00",
    ),
    PlaceSpec(
        "rathaus-vallendar", "Rathaus Vallendar, Sitzungssaal", "Vallendar", "Rathausplatz 1"
    ),
    PlaceSpec(
        "jobcenter-andernach",
        "Jobcenter Mayen-Koblenz, Geschäftsstelle Andernach",
        "Andernach",
        "Koblenzer Straße 60",
        "Mo–Fr 8:00–12:30, Do 14:00–17:00",
    ),
    PlaceSpec(
        "kreishaus",
        "Kreisverwaltung Mayen-Koblenz",
        "Koblenz",
        "Bahnhofstraße 9",
        "Mo–Do 8:30–12:00 und 14:00–16:00, Fr 8:30–12:00",
    ),
    PlaceSpec(
        "sporthalle-mk",
        "Sporthalle am Schulzentrum Mülheim-Kärlich",
        "Mülheim-Kärlich",
        "Schulstraße 15",
    ),
    PlaceSpec(
        "gemeinschaftshaus-mendig",
        "Gemeinschaftshaus Mendig",
        "Mendig",
        "Brauerstraße 2",
        "Di und Do 10:00–13:00",
    ),
    PlaceSpec(
        "ukraine-mayen",
        "Treffpunkt der Ukrainischen Gemeinschaft",
        "Mayen",
        "Genovevastraße 11",
        "Mi 16:00–19:00",
        barrier_free=None,
    ),
    PlaceSpec("kulturhaus-kobern", "Kulturhaus Kobern-Gondorf", "Kobern-Gondorf", "Moselstraße 40"),
    PlaceSpec(
        "gemeindehaus-polch",
        "Gemeindehaus Polch",
        "Polch",
        "Ostring 21",
        "Sa 10:00–12:00",
        barrier_free=False,
    ),
    PlaceSpec(
        "lotsen-bendorf",
        "Lotsenbüro im Stadtpark Bendorf",
        "Bendorf",
        "Im Stadtpark 2",
        "Mo 17:00–19:00",
    ),
)

COUNSELLING = (T.COUNSELLING,)
EVERY = ("everyone",)
R, F, C, W, S, E = "refugees", "families", "children", "women", "skilled", "eu"

MYK_OFFERS = (
    # --- language and integration courses ------------------------------------------------------
    OfferSpec(
        "deutschkurs-a1-vormittag",
        KVHS,
        K.LANGUAGE_COURSE,
        (T.LANGUAGE,),
        (R, E, W),
        ("de", "en", "ar", "uk"),
        "kvhs-andernach",
        _t(
            (
                "Deutschkurs A1 am Vormittag",
                "Deutsch für Anfängerinnen und Anfänger, Mo–Do 9:00–12:15, mit Kinderbetreuung.",
            ),
            (
                "German course A1 in the morning",
                "German for beginners, Mon–Thu 9:00–12:15, with childcare.",
            ),
            (
                "دورة اللغة الألمانية A1 صباحًا",
                "اللغة الألمانية للمبتدئين، من الاثنين إلى الخميس 9:00–12:15، مع رعاية الأطفال.",
            ),
            (
                "Курс німецької мови A1 вранці",
                "Німецька для початківців, пн–чт 9:00–12:15, з доглядом за дітьми.",
            ),
        ),
        childcare=True,
    ),
    OfferSpec(
        "deutschkurs-a2-abend",
        KVHS,
        K.LANGUAGE_COURSE,
        (T.LANGUAGE,),
        (R, E, S),
        ("de", "en", "uk"),
        "kvhs-mayen",
        _t(
            ("Deutschkurs A2 am Abend", "Für Berufstätige: Di und Do 18:00–20:30 in Mayen."),
            ("German course A2 in the evening", "For people in work: Tue and Thu 18:00–20:30."),
            ("دورة اللغة الألمانية A2 مساءً", "للعاملين: الثلاثاء والخميس 18:00–20:30."),
            ("Курс німецької мови A2 ввечері", "Для працюючих: вт і чт 18:00–20:30."),
        ),
        cost="120 € für 10 Wochen, Ermäßigung möglich",
    ),
    OfferSpec(
        "integrationskurs-allgemein",
        KVHS,
        K.INTEGRATION_COURSE,
        (T.LANGUAGE, T.RESIDENCE),
        (R, E),
        ("de", "en", "ar", "uk"),
        "kvhs-andernach",
        _t(
            (
                "Integrationskurs mit Orientierungskurs",
                "700 Stunden Deutsch bis B1 und 100 Stunden Orientierung; Einstieg jeden Monat.",
            ),
            (
                "Integration course with orientation course",
                "700 hours of German up to B1 and 100 hours of orientation; start every month.",
            ),
            (
                "دورة الاندماج مع دورة التوجيه",
                "700 ساعة لغة ألمانية حتى مستوى B1 و100 ساعة توجيه؛ البدء كل شهر.",
            ),
            (
                "Інтеграційний курс з орієнтаційним курсом",
                "700 годин німецької до рівня B1 і 100 годин орієнтації; початок щомісяця.",
            ),
        ),
        eligibility="Mit Berechtigung oder Verpflichtung des BAMF, der Ausländerbehörde oder "
        "des Jobcenters; Selbstzahlende auf Antrag.",
    ),
    OfferSpec(
        "integrationskurs-frauen",
        VHS_AN,
        K.INTEGRATION_COURSE,
        (T.LANGUAGE, T.FAMILY),
        (W, F),
        ("de", "ar", "fa", "tr"),
        "vhs-andernach",
        _t(
            (
                "Integrationskurs für Frauen mit Kinderbetreuung",
                "Vormittags, in kleiner Gruppe, Kinder werden im Haus betreut.",
            ),
            (
                "Integration course for women with childcare",
                "In the morning, small group, children are looked after in the building.",
            ),
            (
                "دورة اندماج للنساء مع رعاية الأطفال",
                "صباحًا، في مجموعة صغيرة، مع رعاية الأطفال في المبنى.",
            ),
            (
                "Інтеграційний курс для жінок з доглядом за дітьми",
                "Вранці, у невеликій групі, за дітьми доглядають у будівлі.",
            ),
        ),
        childcare=True,
        states={"uk": TranslationState.MACHINE},
    ),
    OfferSpec(
        "alphakurs",
        VHS_AN,
        K.INTEGRATION_COURSE,
        (T.LANGUAGE,),
        (R,),
        ("de", "ar", "ti"),
        "vhs-andernach",
        _t(
            (
                "Integrationskurs mit Alphabetisierung",
                "Lesen und Schreiben lernen, auch in lateinischer Schrift, bis Niveau A2/B1.",
            ),
            (
                "Integration course with literacy training",
                "Learn to read and write in Latin script, up to level A2/B1.",
            ),
            (
                "دورة اندماج مع محو الأمية",
                "تعلم القراءة والكتابة بالحروف اللاتينية حتى مستوى A2/B1.",
            ),
        ),
    ),
    OfferSpec(
        "berufssprachkurs-b2",
        SPRACH,
        K.LANGUAGE_COURSE,
        (T.LANGUAGE, T.WORK),
        (S,),
        ("de", "en", "es"),
        "sprachinstitut",
        _t(
            (
                "Berufssprachkurs B2 für Pflege und Technik",
                "Deutsch für den Beruf mit Fachwortschatz, Prüfung telc B2 Beruf.",
            ),
            (
                "Job-related German course B2 for care and technical jobs",
                "German for work with specialist vocabulary, telc B2 exam.",
            ),
            (
                "دورة اللغة المهنية B2 للتمريض والتقنية",
                "الألمانية للعمل مع مفردات متخصصة، امتحان telc B2.",
            ),
            (
                "Професійний мовний курс B2 для догляду та техніки",
                "Німецька для роботи з фаховою лексикою, іспит telc B2.",
            ),
        ),
        eligibility="Mit Berechtigungsschein der Agentur für Arbeit oder des Jobcenters.",
    ),
    OfferSpec(
        "deutsch-online",
        SPRACH,
        K.LANGUAGE_COURSE,
        (T.LANGUAGE,),
        (S, E),
        ("de", "en"),
        "sprachinstitut",
        _t(
            ("Deutsch B1 online am Abend", "Live-Unterricht im Browser, Mo und Mi 19:00–21:00."),
            (
                "German B1 online in the evening",
                "Live lessons in the browser, Mon and Wed 19:00–21:00.",
            ),
            (
                "الألمانية B1 عبر الإنترنت مساءً",
                "دروس مباشرة في المتصفح، الاثنين والأربعاء 19:00–21:00.",
            ),
            ("Німецька B1 онлайн увечері", "Живі заняття в браузері, пн і ср 19:00–21:00."),
        ),
        cost="95 € im Monat",
        format=Offer.Format.ONLINE,
        states={"ar": TranslationState.MACHINE},
    ),
    OfferSpec(
        "sprachcafe-plaidt",
        PELLENZ,
        K.ACTIVITY,
        (T.LANGUAGE, T.LEISURE),
        EVERY,
        ("de", "en", "ar"),
        "buergerhaus-plaidt",
        _t(
            ("Sprachcafé Plaidt", "Deutsch sprechen bei Kaffee und Kuchen, jeden Donnerstag."),
            ("Language café Plaidt", "Speak German over coffee and cake, every Thursday."),
            ("مقهى اللغة في بلايت", "تحدث الألمانية مع القهوة والكعك، كل خميس."),
            ("Мовне кафе в Плайдті", "Розмовляємо німецькою за кавою, щочетверга."),
        ),
    ),
    OfferSpec(
        "sprachcafe-mayen",
        UKR,
        K.ACTIVITY,
        (T.LANGUAGE, T.LEISURE),
        (R, F),
        ("de", "uk", "ru"),
        "ukraine-mayen",
        _t(
            (
                "Sprachtandem Deutsch–Ukrainisch",
                "Paare aus Mayen und der Ukraine lernen voneinander, mittwochs ab 17 Uhr.",
            ),
            (
                "German–Ukrainian language tandem",
                "Pairs learn from each other, Wednesdays from 5 pm.",
            ),
            None,
            (
                "Мовний тандем німецька–українська",
                "Пари з Маєна та України вчаться одна в одної, щосереди з 17:00.",
            ),
        ),
    ),
    OfferSpec(
        "lernwerkstatt",
        KVHS,
        K.LANGUAGE_COURSE,
        (T.LANGUAGE,),
        (R, E),
        ("de",),
        "kvhs-mayen",
        _t(
            (
                "Offene Lernwerkstatt Deutsch",
                "Üben mit Lernbegleitung am Computer und in Gruppen, ohne Anmeldung.",
            )
        ),
    ),
    # --- counselling ---------------------------------------------------------------------------
    OfferSpec(
        "mbe-caritas",
        MYK_CARITAS,
        K.COUNSELLING,
        (T.COUNSELLING, T.RESIDENCE, T.HOUSING),
        (R, E, F),
        ("de", "en", "ar", "fa", "uk"),
        "caritas-mayen",
        _t(
            (
                "Migrationsberatung für Erwachsene (MBE)",
                "Beratung zu Aufenthalt, Sprache, Arbeit, Wohnen und Familie – vertraulich.",
            ),
            (
                "Migration counselling for adults (MBE)",
                "Advice on residence, language, work, housing and family – confidential.",
            ),
            (
                "استشارات الهجرة للبالغين",
                "استشارة حول الإقامة واللغة والعمل والسكن والأسرة – بسرية تامة.",
            ),
            (
                "Міграційна консультація для дорослих",
                "Консультації щодо перебування, мови, роботи, житла та сім'ї – конфіденційно.",
            ),
        ),
    ),
    OfferSpec(
        "asylverfahrensberatung",
        MYK_DIAKONIE,
        K.COUNSELLING,
        (T.COUNSELLING, T.RESIDENCE),
        (R,),
        ("de", "en", "ar", "ku"),
        "diakonie-andernach",
        _t(
            ("Asylverfahrensberatung", "Unabhängige Beratung vor und nach der Anhörung beim BAMF."),
            (
                "Asylum procedure counselling",
                "Independent advice before and after the interview at the BAMF.",
            ),
            (
                "استشارات إجراءات اللجوء",
                "استشارة مستقلة قبل وبعد جلسة الاستماع في المكتب الاتحادي.",
            ),
            (
                "Консультації щодо процедури надання притулку",
                "Незалежні консультації до та після співбесіди в BAMF.",
            ),
        ),
    ),
    OfferSpec(
        "migrationsberatung-bendorf",
        AWO,
        K.COUNSELLING,
        (T.COUNSELLING,),
        (R, E, "seniors"),
        ("de", "fa", "ps", "ru"),
        "awo-bendorf",
        _t(
            (
                "Migrationsberatung Bendorf und Vallendar",
                "Sprechstunden in Bendorf und in den Gemeinschaftsunterkünften.",
            ),
            (
                "Migration counselling Bendorf and Vallendar",
                "Office hours in Bendorf and in the shared accommodation.",
            ),
            (
                "استشارات الهجرة في بندورف وفاليندار",
                "ساعات استشارة في بندورف وفي أماكن السكن المشتركة.",
            ),
            (
                "Міграційна консультація Бендорф і Валлендар",
                "Консультації в Бендорфі та в гуртожитках.",
            ),
        ),
        stale=True,
    ),
    OfferSpec(
        "fluechtlingsberatung-drk",
        DRK,
        K.COUNSELLING,
        (T.COUNSELLING, T.HEALTH),
        (R, F, "disability"),
        ("de", "ar", "ku", "tr"),
        "drk-weissenthurm",
        _t(
            (
                "Flüchtlingsberatung und Suchdienst",
                "Beratung, Familienzusammenführung und Suche nach Angehörigen.",
            ),
            (
                "Refugee counselling and tracing service",
                "Advice, family reunification and tracing of relatives.",
            ),
            (
                "استشارات اللاجئين وخدمة البحث عن المفقودين",
                "استشارة ولمّ شمل الأسرة والبحث عن الأقارب.",
            ),
            (
                "Консультації для біженців і служба розшуку",
                "Консультації, возз'єднання сімей та пошук родичів.",
            ),
        ),
    ),
    OfferSpec(
        "jmd-beratung",
        JMD,
        K.COUNSELLING,
        (T.COUNSELLING, T.WORK, T.FAMILY),
        (C, R, E),
        ("de", "en", "ar", "tr", "uk"),
        "jmd-andernach",
        _t(
            (
                "Beratung für junge Menschen von 12 bis 27",
                "Begleitung in Schule, Ausbildung und Beruf.",
            ),
            (
                "Counselling for young people aged 12 to 27",
                "Support at school, in training and at work.",
            ),
            ("استشارة للشباب من 12 إلى 27 عامًا", "مرافقة في المدرسة والتدريب المهني والعمل."),
            ("Консультації для молоді від 12 до 27 років", "Супровід у школі, навчанні та роботі."),
        ),
    ),
    OfferSpec(
        "anerkennungsberatung-ihk",
        IHK,
        K.COUNSELLING,
        (T.WORK, T.COUNSELLING),
        (S,),
        ("de", "en", "ar", "uk"),
        "kreishaus",
        _t(
            (
                "Anerkennungsberatung für ausländische Berufsabschlüsse",
                "Welche Stelle prüft Ihren Abschluss? Wir helfen beim Antrag.",
            ),
            (
                "Recognition counselling for foreign qualifications",
                "Which office checks your qualification? We help with the application.",
            ),
            (
                "استشارة الاعتراف بالشهادات المهنية الأجنبية",
                "ما الجهة التي تفحص شهادتك؟ نساعدك في تقديم الطلب.",
            ),
            (
                "Консультації з визнання іноземних професійних кваліфікацій",
                "Яка установа перевіряє ваш диплом? Допомагаємо із заявою.",
            ),
        ),
        states={"uk": TranslationState.OUTDATED},
    ),
    OfferSpec(
        "anerkennung-handwerk",
        HWK,
        K.COUNSELLING,
        (T.WORK,),
        (S,),
        ("de", "en"),
        "kreishaus",
        _t(
            (
                "Anerkennung im Handwerk",
                "Beratung zur Gleichwertigkeitsprüfung für Handwerksberufe, mit Termin.",
            )
        ),
        stale=True,
    ),
    OfferSpec(
        "rechtsberatung",
        RECHT,
        K.COUNSELLING,
        (T.RESIDENCE, T.COUNSELLING),
        (R, E),
        ("de", "en", "fr"),
        "rathaus-vallendar",
        _t(
            (
                "Rechtsberatung und Rechtskurse für Zugewanderte",
                "Mietrecht, Arbeitsrecht, Verbraucherrecht – erklärt von Ehrenamtlichen.",
            ),
            (
                "Legal advice and legal courses for newcomers",
                "Tenancy, labour and consumer law – explained by volunteers.",
            ),
            (
                "استشارات ودورات قانونية للقادمين الجدد",
                "قانون الإيجار والعمل وحماية المستهلك – يشرحها متطوعون.",
            ),
            (
                "Юридичні консультації та курси для новоприбулих",
                "Орендне, трудове та споживче право – пояснюють волонтери.",
            ),
        ),
    ),
    OfferSpec(
        "verbraucherberatung",
        VZ,
        K.COUNSELLING,
        (T.COUNSELLING, T.HOUSING),
        (R, E, F),
        ("de", "ar", "ru"),
        "gemeinschaftshaus-mendig",
        _t(
            (
                "Verbraucherberatung: Verträge, Strom, Schulden",
                "Hilfe bei Handyverträgen, Stromrechnungen und Schulden, mit Sprachmittlung.",
            ),
            (
                "Consumer advice: contracts, electricity, debts",
                "Help with phone contracts, electricity bills and debts, with interpreters.",
            ),
            (
                "استشارات المستهلك: العقود والكهرباء والديون",
                "مساعدة في عقود الهاتف وفواتير الكهرباء والديون، مع مترجم عند الطلب.",
            ),
            (
                "Консультації для споживачів: договори, електроенергія, борги",
                "Допомога з договорами, рахунками та боргами, за бажанням з перекладачем.",
            ),
        ),
        states={"ar": TranslationState.MACHINE},
    ),
    OfferSpec(
        "wohnberatung",
        MYK_DIAKONIE,
        K.COUNSELLING,
        (T.HOUSING,),
        (R, F),
        ("de", "ar"),
        "diakonie-andernach",
        _t(
            (
                "Wohnungssuche und Wohnberatung",
                "Hilfe bei der Wohnungssuche, bei Mietverträgen und Nebenkosten.",
            )
        ),
    ),
    OfferSpec(
        "gesundheitssprechstunde",
        GESUNDHEIT,
        K.SERVICE,
        (T.HEALTH,),
        (R, F, C),
        ("de", "en", "ar"),
        "kreishaus",
        _t(
            (
                "Impfsprechstunde und Gesundheitsberatung",
                "Impfungen für Kinder und Erwachsene, Fragen zur Krankenversicherung.",
            ),
            (
                "Vaccination and health advice",
                "Vaccinations for children and adults, questions about health insurance.",
            ),
            (
                "عيادة التطعيم والاستشارات الصحية",
                "تطعيمات للأطفال والبالغين وأسئلة حول التأمين الصحي.",
            ),
            (
                "Щеплення та консультації щодо здоров'я",
                "Щеплення для дітей і дорослих, питання медичного страхування.",
            ),
        ),
    ),
    OfferSpec(
        "psychosoziale-beratung",
        MYK_CARITAS,
        K.COUNSELLING,
        (T.HEALTH, T.COUNSELLING),
        (R,),
        ("de", "ar", "fa"),
        "caritas-mayen",
        _t(
            (
                "Psychosoziale Beratung für Geflüchtete",
                "Gespräche bei Belastung und Trauma, mit Dolmetscherinnen.",
            )
        ),
        stale=True,
    ),
    # --- family --------------------------------------------------------------------------------
    OfferSpec(
        "familienzentrum",
        JUGENDAMT,
        K.SERVICE,
        (T.FAMILY,),
        (F, C),
        ("de", "en", "ar", "uk"),
        "familienzentrum-mayen",
        _t(
            (
                "Familienzentrum Regenbogen",
                "Eltern-Kind-Gruppen, Beratung zu Kita und Schule, offenes Elterncafé.",
            ),
            (
                "Rainbow family centre",
                "Parent-and-child groups, advice on daycare and school, open parents' café.",
            ),
            (
                "مركز الأسرة قوس قزح",
                "مجموعات الآباء والأطفال، استشارات حول الحضانة والمدرسة، مقهى الآباء.",
            ),
            (
                "Сімейний центр «Веселка»",
                "Групи для батьків і дітей, консультації щодо садочка та школи, батьківське кафе.",
            ),
        ),
        childcare=True,
    ),
    OfferSpec(
        "kita-beratung",
        JUGENDAMT,
        K.COUNSELLING,
        (T.FAMILY,),
        (F, C),
        ("de", "en", "uk"),
        "kreishaus",
        _t(
            ("Beratung zum Kita-Platz", "Wie melde ich mein Kind an? Wir helfen beim Antrag."),
            ("Advice on a daycare place", "How do I register my child? We help with the form."),
            ("استشارة حول مكان في الحضانة", "كيف أسجل طفلي؟ نساعدك في تعبئة الطلب."),
            ("Консультації щодо місця в садочку", "Як записати дитину? Допомагаємо із заявою."),
        ),
    ),
    OfferSpec(
        "elterncafe-andernach",
        SYR,
        K.ACTIVITY,
        (T.FAMILY, T.LEISURE),
        (F, C),
        ("ar", "de", "ku"),
        "jmd-andernach",
        _t(
            (
                "Elterncafé und Hausaufgabenhilfe",
                "Mittwochs: Eltern treffen sich, Kinder bekommen Hilfe bei den Hausaufgaben.",
            ),
            (
                "Parents' café and homework help",
                "Wednesdays: parents meet, children get help with homework.",
            ),
            (
                "مقهى الآباء والمساعدة في الواجبات المدرسية",
                "كل أربعاء: يلتقي الآباء ويحصل الأطفال على مساعدة في واجباتهم.",
            ),
        ),
    ),
    OfferSpec(
        "kinder-ukraine",
        UKR,
        K.ACTIVITY,
        (T.FAMILY, T.LEISURE),
        (C, F),
        ("uk", "ru", "de"),
        "ukraine-mayen",
        _t(
            (
                "Spielnachmittag für Kinder",
                "Spielen, Basteln und Lesen auf Deutsch und Ukrainisch.",
            ),
            ("Play afternoon for children", "Games, crafts and reading in German and Ukrainian."),
            None,
            ("Ігровий день для дітей", "Ігри, творчість і читання німецькою та українською."),
        ),
    ),
    OfferSpec(
        "frauentreff",
        PELLENZ,
        K.ACTIVITY,
        (T.LEISURE, T.FAMILY),
        (W,),
        ("de", "ar", "fa", "uk"),
        "buergerhaus-plaidt",
        _t(
            (
                "Offener Frauentreff",
                "Jeden zweiten Dienstag: Austausch, Ausflüge und Themenabende nur für Frauen.",
            ),
            (
                "Open women's meeting",
                "Every second Tuesday: exchange, outings and theme evenings for women only.",
            ),
            (
                "لقاء مفتوح للنساء",
                "كل ثلاثاء ثانٍ: تبادل الخبرات ورحلات وأمسيات موضوعية للنساء فقط.",
            ),
            (
                "Відкрита зустріч для жінок",
                "Кожного другого вівторка: спілкування, екскурсії та тематичні вечори для жінок.",
            ),
        ),
        childcare=True,
    ),
    # --- work ----------------------------------------------------------------------------------
    OfferSpec(
        "jobcoaching",
        MYK_JOBCENTRE,
        K.SERVICE,
        (T.WORK,),
        (R, E, S),
        ("de", "en", "ar", "uk"),
        "jobcenter-andernach",
        _t(
            (
                "Jobcoaching für Zugewanderte",
                "Persönliche Begleitung bei Bewerbung, Praktikum und dem Start im Betrieb.",
            ),
            (
                "Job coaching for newcomers",
                "Personal support with applications, internships and starting at work.",
            ),
            (
                "تدريب مهني للقادمين الجدد",
                "مرافقة شخصية في التقديم على الوظائف والتدريب وبدء العمل.",
            ),
            (
                "Коучинг з працевлаштування для новоприбулих",
                "Особистий супровід під час подання заявок, стажування та початку роботи.",
            ),
        ),
        eligibility="Für Menschen, die Bürgergeld beziehen.",
    ),
    OfferSpec(
        "bewerbungstraining",
        MYK_JOBCENTRE,
        K.SERVICE,
        (T.WORK,),
        (R, E, C),
        ("de", "en", "ar"),
        "jobcenter-andernach",
        _t(
            ("Bewerbungswerkstatt", "Lebenslauf und Anschreiben gemeinsam am Computer erstellen."),
            ("Application workshop", "Write your CV and cover letter together on the computer."),
            ("ورشة طلبات العمل", "إعداد السيرة الذاتية وخطاب التقديم معًا على الحاسوب."),
            ("Майстерня резюме", "Складаємо резюме та супровідний лист разом за комп'ютером."),
        ),
    ),
    OfferSpec(
        "ausbildung-pflege",
        JMD,
        K.SERVICE,
        (T.WORK,),
        (C, R),
        ("de", "en", "ar"),
        "jmd-andernach",
        _t(
            (
                "Ausbildungslotsen: Wege in die Pflege",
                "Informationen und Praktika in Pflegeberufen für junge Zugewanderte.",
            )
        ),
    ),
    OfferSpec(
        "lotsenhaus-arbeit",
        LOTSENHAUS,
        K.SERVICE,
        (T.WORK, T.COUNSELLING),
        (R,),
        ("de", "en", "ar", "fa"),
        "kvhs-andernach",
        _t(
            ("Arbeitsmarktlotsen", "Erste Orientierung zu Arbeit, Praktikum und Weiterbildung."),
            (
                "Labour market guides",
                "First orientation on work, internships and further training.",
            ),
            ("مرشدو سوق العمل", "توجيه أولي حول العمل والتدريب والتعليم المستمر."),
            ("Провідники ринку праці", "Перша орієнтація щодо роботи, стажування та навчання."),
        ),
        stale=True,
    ),
    # --- leisure, sports, encounter ----------------------------------------------------------
    OfferSpec(
        "fussball",
        DRK,
        K.ACTIVITY,
        (T.LEISURE,),
        (C, R),
        ("de", "ar", "ku", "tr"),
        "sporthalle-mk",
        _t(
            ("Fußball für alle", "Offenes Training jeden Sonntag, Sportschuhe reichen."),
            ("Football for everyone", "Open training every Sunday, trainers are enough."),
            ("كرة القدم للجميع", "تدريب مفتوح كل يوم أحد، يكفي حذاء رياضي."),
            ("Футбол для всіх", "Відкрите тренування щонеділі, достатньо кросівок."),
        ),
    ),
    OfferSpec(
        "schwimmkurs-frauen",
        DRK,
        K.ACTIVITY,
        (T.LEISURE, T.HEALTH),
        (W,),
        ("de", "ar"),
        "sporthalle-mk",
        _t(("Schwimmkurs für Frauen", "Schwimmen lernen in geschützter Runde, Trainerinnen.")),
        cost="30 € für 8 Termine",
    ),
    OfferSpec(
        "fahrradwerkstatt",
        PELLENZ,
        K.ACTIVITY,
        (T.LEISURE,),
        EVERY,
        ("de", "en", "ar"),
        "buergerhaus-plaidt",
        _t(
            ("Fahrradwerkstatt", "Samstags Fahrräder reparieren und Radfahren lernen."),
            ("Bicycle workshop", "Repair bikes and learn to ride, on Saturdays."),
            ("ورشة الدراجات", "إصلاح الدراجات وتعلم ركوبها أيام السبت."),
            ("Велосипедна майстерня", "Ремонт велосипедів і навчання їзді по суботах."),
        ),
    ),
    OfferSpec(
        "trommelgruppe",
        AFR,
        K.ACTIVITY,
        (T.LEISURE,),
        EVERY,
        ("fr", "en", "de", "ti"),
        "kulturhaus-kobern",
        _t(
            (
                "Trommelgruppe und Begegnungsabend",
                "Jeden zweiten Freitag: Musik, Essen, Gespräche.",
            ),
            (
                "Drumming group and meeting evening",
                "Every second Friday: music, food, conversation.",
            ),
            ("مجموعة الطبول وأمسية لقاء", "كل جمعة ثانية: موسيقى وطعام وحوار."),
            ("Барабанна група та вечір зустрічей", "Кожної другої п'ятниці: музика, їжа, розмови."),
        ),
    ),
    OfferSpec(
        "integrationslotsen",
        MYK_GUIDES,
        K.SERVICE,
        (T.COUNSELLING, T.LEISURE),
        (R,),
        ("de", "en", "ar", "fa", "uk", "ru", "tr"),
        "lotsen-bendorf",
        _t(
            ("Integrationslotsen begleiten", "Begleitung zu Ämtern, Ärztinnen und Schulen."),
            ("Integration guides accompany you", "Support at offices, doctors and schools."),
            ("مرشدو الاندماج يرافقونك", "مرافقة إلى الدوائر الرسمية والأطباء والمدارس."),
            ("Інтеграційні провідники супроводжують", "Супровід до установ, лікарів і шкіл."),
        ),
    ),
    OfferSpec(
        "moschee-gespraech",
        MOSCHEE,
        K.ACTIVITY,
        (T.LEISURE,),
        EVERY,
        ("de", "tr", "ar"),
        "gemeindehaus-polch",
        _t(
            (
                "Gesprächsabend der Nachbarschaft",
                "Einmal im Monat: Gäste aus Verwaltung und Nachbarschaft im Gespräch.",
            )
        ),
    ),
    OfferSpec(
        "computerkurs",
        KVHS,
        K.SERVICE,
        (T.WORK, T.LANGUAGE),
        ("seniors", R),
        ("de", "en", "uk"),
        "kvhs-mayen",
        _t(
            (
                "Computer und Smartphone im Alltag",
                "Online-Termine buchen, E-Mails schreiben, Apps.",
            ),
            ("Computer and smartphone in everyday life", "Book appointments, write e-mails, apps."),
            (
                "الحاسوب والهاتف الذكي في الحياة اليومية",
                "حجز المواعيد عبر الإنترنت وكتابة الرسائل والتطبيقات.",
            ),
            ("Комп'ютер і смартфон у повсякденні", "Онлайн-запис, електронна пошта, застосунки."),
        ),
        cost="40 € für 6 Abende",
    ),
    OfferSpec(
        "welcome-office",
        MYK_OFFICE,
        K.SERVICE,
        (T.RESIDENCE, T.COUNSELLING),
        EVERY,
        ("de", "en", "ar", "uk"),
        "kreishaus",
        _t(
            (
                "Willkommensstelle des Kreises",
                "Erste Anlaufstelle: Wer hilft bei welcher Frage? Ohne Termin.",
            ),
            (
                "Welcome desk of the district",
                "First point of contact: who helps with which question?",
            ),
            ("مكتب الترحيب في المقاطعة", "نقطة الاتصال الأولى: من يساعد في أي سؤال؟ بدون موعد."),
            ("Вітальня служба району", "Перший контакт: хто допоможе з яким питанням? Без запису."),
        ),
    ),
)

# Coordinates of Koblenz for the Kreishaus (the Kreisverwaltung sits in Koblenz).
KOBLENZ_PLACES = (
    PlaceSpec(
        "caritas-koblenz",
        "Caritas-Zentrum Koblenz",
        "Koblenz",
        "Hohenzollernstraße 118",
        "Mo–Fr 9:00–12:00",
    ),
    PlaceSpec(
        "rathaus-koblenz",
        "Rathaus Koblenz, Bürgeramt",
        "Koblenz",
        "Willi-Hörter-Platz 1",
        "Mo–Fr 7:30–12:30",
    ),
)

KOBLENZ_OFFERS = (
    OfferSpec(
        "koblenz-mbe",
        KOBLENZ_CARITAS,
        K.COUNSELLING,
        COUNSELLING,
        (R, E),
        ("de", "en", "ar"),
        "caritas-koblenz",
        _t(
            ("Migrationsberatung Koblenz", "Beratung zu Aufenthalt, Arbeit und Familie."),
            ("Migration counselling Koblenz", "Advice on residence, work and family."),
            ("استشارات الهجرة في كوبلنز", "استشارة حول الإقامة والعمل والأسرة."),
        ),
    ),
    OfferSpec(
        "koblenz-deutschtreff",
        KOBLENZ_OFFICE,
        K.ACTIVITY,
        (T.LANGUAGE, T.LEISURE),
        EVERY,
        ("de", "en"),
        "rathaus-koblenz",
        _t(("Deutschtreff im Rathaus", "Montags 17:00–19:00 Deutsch sprechen mit Ehrenamtlichen.")),
    ),
    OfferSpec(
        "koblenz-willkommen",
        KOBLENZ_OFFICE,
        K.SERVICE,
        (T.RESIDENCE,),
        EVERY,
        ("de", "en", "uk"),
        "rathaus-koblenz",
        _t(
            ("Willkommen in Koblenz", "Anmeldung, Aufenthalt und erste Schritte in der Stadt."),
            ("Welcome to Koblenz", "Registration, residence and first steps in the city."),
            None,
            ("Ласкаво просимо до Кобленца", "Реєстрація, перебування і перші кроки в місті."),
        ),
    ),
)

TU, WE, TH, FR, SA, SU, MO = 1, 2, 3, 4, 5, 6, 0
MYK_EVENTS = (
    EventSpec(
        "sprachcafe",
        "sprachcafe-plaidt",
        {"de": "Sprachcafé", "en": "Language café", "ar": "مقهى اللغة"},
        0,
        16,
        weekday=TH,
        rrule="FREQ=WEEKLY;BYDAY=TH",
    ),
    EventSpec(
        "frauentreff",
        "frauentreff",
        {
            "de": "Offener Frauentreff",
            "en": "Open women's meeting",
            "ar": "لقاء مفتوح للنساء",
            "uk": "Відкрита зустріч для жінок",
        },
        0,
        10,
        weekday=TU,
        rrule="FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
        exception_weeks=(4,),
    ),
    EventSpec(
        "lotsensprechstunde",
        "integrationslotsen",
        {"de": "Lotsensprechstunde", "en": "Guides' office hour"},
        0,
        17,
        weekday=MO,
        rrule="FREQ=WEEKLY;BYDAY=MO",
    ),
    EventSpec(
        "elterncafe",
        "elterncafe-andernach",
        {"de": "Elterncafé", "en": "Parents' café", "ar": "مقهى الآباء"},
        0,
        15,
        weekday=WE,
        rrule="FREQ=WEEKLY;BYDAY=WE",
    ),
    EventSpec(
        "kinder",
        "kinder-ukraine",
        {"de": "Spielnachmittag für Kinder", "uk": "Ігровий день для дітей"},
        0,
        16,
        weekday=WE,
        rrule="FREQ=WEEKLY;BYDAY=WE",
    ),
    EventSpec(
        "fussball",
        "fussball",
        {"de": "Fußball für alle", "en": "Football for everyone"},
        0,
        11,
        weekday=SU,
        rrule="FREQ=WEEKLY;BYDAY=SU",
        minutes=90,
    ),
    EventSpec(
        "fahrrad",
        "fahrradwerkstatt",
        {"de": "Fahrradwerkstatt", "en": "Bicycle workshop"},
        0,
        10,
        weekday=SA,
        rrule="FREQ=WEEKLY;BYDAY=SA",
        minutes=180,
    ),
    EventSpec(
        "trommeln",
        "trommelgruppe",
        {"de": "Trommelgruppe", "en": "Drumming group"},
        0,
        19,
        weekday=FR,
        rrule="FREQ=WEEKLY;INTERVAL=2;BYDAY=FR",
    ),
    EventSpec(
        "anerkennung-sprechtag",
        "anerkennungsberatung-ihk",
        {
            "de": "Sprechtag Anerkennung",
            "en": "Recognition advice day",
            "ar": "يوم استشارات الاعتراف",
            "uk": "День консультацій з визнання",
        },
        0,
        9,
        weekday=WE,
        rrule="FREQ=MONTHLY;BYDAY=1WE",
        minutes=240,
    ),
    EventSpec(
        "infoabend",
        "integrationskurs-allgemein",
        {
            "de": "Infoabend Integrationskurse",
            "en": "Information evening: integration courses",
            "ar": "أمسية معلومات عن دورات الاندماج",
            "uk": "Інформаційний вечір про інтеграційні курси",
        },
        10,
        18,
    ),
    EventSpec(
        "bewerbung",
        "bewerbungstraining",
        {"de": "Bewerbungstag mit Fotoaktion", "en": "Application day with photo shoot"},
        14,
        10,
        minutes=300,
    ),
    EventSpec(
        "mietrecht",
        "rechtsberatung",
        {"de": "Rechtskurs Mietrecht", "en": "Legal course: tenancy law"},
        21,
        18,
    ),
    EventSpec(
        "energie",
        "verbraucherberatung",
        {"de": "Seminar Energiesparen", "ar": "ندوة توفير الطاقة"},
        8,
        10,
    ),
    EventSpec(
        "sommerfest",
        "welcome-office",
        {
            "de": "Interkulturelles Fest im Kreishaus",
            "en": "Intercultural festival",
            "ar": "مهرجان الثقافات",
            "uk": "Міжкультурне свято",
        },
        30,
        0,
        all_day=True,
    ),
    EventSpec(
        "jobmesse",
        "jobcoaching",
        {
            "de": "Jobmesse für Zugewanderte",
            "en": "Job fair for newcomers",
            "uk": "Ярмарок вакансій для новоприбулих",
        },
        45,
        10,
        minutes=360,
    ),
)

SUBMISSIONS = (
    (
        "vorschlag-sprachcafe-mendig",
        "sprachcafe-mendig@example.org",
        "Sprachcafé in der Bücherei Mendig",
        "Jeden Samstag 10–12 Uhr Deutsch üben mit Ehrenamtlichen, Kinder willkommen.",
        "gemeinschaftshaus-mendig",
    ),
    (
        "vorschlag-laufgruppe",
        "laufgruppe-andernach@example.org",
        "Laufgruppe am Rhein",
        "Gemeinsam joggen am Rheinufer, dienstags 18 Uhr, alle Tempi.",
        "jmd-andernach",
    ),
)


@dataclass
class Plan:
    slug: str
    places: tuple[PlaceSpec, ...]
    offers: tuple[OfferSpec, ...]
    events: tuple[EventSpec, ...] = ()
    submissions: tuple[tuple[str, str, str, str, str], ...] = ()


PLANS = (
    Plan("mayen-koblenz", MYK_PLACES, MYK_OFFERS, MYK_EVENTS, SUBMISSIONS),
    Plan("koblenz", KOBLENZ_PLACES, KOBLENZ_OFFERS),
)


# --- writing -----------------------------------------------------------------------------------


def _create(
    obj: models.Model, *, action: str, district: District, created: Counter[str], count: bool = True
) -> None:
    obj.full_clean()
    obj.save()
    audit(actor=None, action=action, obj=obj, district=district, changes=SOURCE)
    if count:
        created[str(obj._meta.verbose_name_plural)] += 1


def _coordinate(value: float, rng: random.Random) -> Decimal:
    return Decimal(str(round(value + rng.uniform(-0.005, 0.005), 5)))


def _places(
    district: District, plan: Plan, rng: random.Random, created: Counter[str]
) -> dict[str, Place]:
    existing = {p.external_id: p for p in Place.objects.for_district(district)}
    municipalities = {m.name: m for m in Municipality.objects.for_district(district)}
    places = {}
    for spec in plan.places:
        postcode, lat, lon = TOWNS[spec.town]
        latitude, longitude = _coordinate(lat, rng), _coordinate(lon, rng)  # always drawn
        external_id = f"demo:place:{spec.key}"
        place = existing.get(external_id)
        if place is None:
            place = Place(
                district=district,
                external_id=external_id,
                name=spec.name,
                street=spec.street,
                postcode=postcode,
                city=spec.town,
                municipality=municipalities.get(spec.town),
                latitude=latitude,
                longitude=longitude,
                barrier_free=spec.barrier_free,
                status=Status.PUBLISHED,
            )
            _create(place, action="place.create", district=district, created=created)
            row = PlaceTranslation(
                place=place,
                language="de",
                state=TranslationState.ORIGINAL,
                name=spec.name,
                opening_hours=spec.opening_hours,
            )
            row.full_clean()
            row.save()
        places[spec.key] = place
    return places


def _offer_texts(offer: Offer, spec: OfferSpec, created: Counter[str]) -> None:
    for language, (title, summary) in spec.texts.items():
        state = (
            TranslationState.ORIGINAL
            if language == "de"
            else spec.states.get(language, TranslationState.REVIEWED)
        )
        row = OfferTranslation(
            offer=offer,
            language=language,
            state=state,
            title=title,
            summary=summary,
            description=summary,
        )
        if language == "de":
            row.eligibility = spec.eligibility
            row.cost_note = spec.cost or "kostenlos"
            if offer.barrier_free:
                row.accessibility_note = "Eingang ebenerdig, barrierefreies WC im Haus."
        row.full_clean()
        row.save()
        created[str(OfferTranslation._meta.verbose_name_plural)] += 1


def _offers(
    district: District,
    plan: Plan,
    places: dict[str, Place],
    today: dt.date,
    rng: random.Random,
    created: Counter[str],
) -> dict[str, Offer]:
    existing = {o.external_id: o for o in Offer.objects.for_district(district)}
    organisations = {o.name: o for o in Organisation.objects.for_district(district)}
    offers = {}
    for spec in plan.offers:
        review_in = rng.randint(-90, -10) if spec.stale else rng.randint(60, 360)  # always drawn
        external_id = f"demo:offer:{spec.key}"
        offer = existing.get(external_id)
        if offer is None:
            organisation = organisations.get(spec.organisation)
            place = places[spec.place]
            offer = Offer(
                district=district,
                external_id=external_id,
                organisation=organisation,
                kind=spec.kind,
                topics=[str(t) for t in spec.topics],
                target_groups=list(spec.groups),
                languages=list(spec.languages),
                place=place,
                format=spec.format,
                free_of_charge=not spec.cost,
                barrier_free=place.barrier_free,
                childcare=spec.childcare,
                contact_email=organisation.email if organisation else "",
                contact_phone=organisation.phone if organisation else "",
                booking_link=(
                    f"https://termine.{organisation.email.rsplit('@', 1)[1]}/"
                    if organisation and organisation.email and spec.kind == K.COUNSELLING
                    else ""
                ),
                meeting_link=(
                    "https://meet.sprachinstitut-eifeltor.example.org/b1"
                    if spec.format == Offer.Format.ONLINE
                    else ""
                ),
                review_on=today + dt.timedelta(days=review_in),
                status=Status.PUBLISHED,
            )
            _create(offer, action="offer.create", district=district, created=created)
            _offer_texts(offer, spec, created)
        offers[spec.key] = offer
    return offers


def _first(today: dt.date, spec: EventSpec) -> dt.date:
    day = today + dt.timedelta(days=spec.days)
    if spec.weekday is not None:
        day += dt.timedelta(days=(spec.weekday - day.weekday()) % 7)
    return day


def _events(
    district: District,
    plan: Plan,
    offers: dict[str, Offer],
    today: dt.date,
    created: Counter[str],
) -> None:
    existing = set(Event.objects.for_district(district).values_list("external_id", flat=True))
    zone = timezone.get_current_timezone()
    for spec in plan.events:
        external_id = f"demo:event:{spec.key}"
        if external_id in existing:
            continue
        offer = offers[spec.offer]
        day = _first(today, spec)
        starts_at = dt.datetime.combine(day, dt.time(spec.hour), tzinfo=zone)
        event = Event(
            district=district,
            external_id=external_id,
            offer=offer,
            place=offer.place,
            organisation=offer.organisation,
            starts_at=starts_at,
            ends_at=None if spec.all_day else starts_at + dt.timedelta(minutes=spec.minutes),
            all_day=spec.all_day,
            rrule=spec.rrule,
            exdates=[(day + dt.timedelta(weeks=w)).isoformat() for w in spec.exception_weeks],
            free_of_charge=offer.free_of_charge,
            status=Status.PUBLISHED,
        )
        _create(event, action="event.create", district=district, created=created)
        for language, title in spec.texts.items():
            row = EventTranslation(
                event=event,
                language=language,
                state=TranslationState.ORIGINAL if language == "de" else TranslationState.REVIEWED,
                title=title,
            )
            row.full_clean()
            row.save()


def _submissions(
    district: District, plan: Plan, places: dict[str, Place], created: Counter[str]
) -> None:
    existing = set(Offer.objects.for_district(district).values_list("external_id", flat=True))
    for key, email, title, summary, place_key in plan.submissions:
        external_id = f"demo:submission:{key}"
        if external_id in existing:
            continue
        offer = Offer(
            district=district,
            external_id=external_id,
            kind=K.ACTIVITY,
            topics=[str(T.LEISURE), str(T.LANGUAGE)] if "Sprach" in title else [str(T.LEISURE)],
            target_groups=["everyone"],
            languages=["de"],
            place=places[place_key],
            status=Status.SUBMITTED,
        )
        _create(offer, action="offer.submit", district=district, created=created)
        row = OfferTranslation(
            offer=offer, language="de", title=title, summary=summary, description=summary
        )
        row.full_clean()
        row.save()
        submission = Submission(district=district, offer=offer, email=email, language="de")
        _create(submission, action="submission.create", district=district, created=created)


@transaction.atomic
def seed(*, today: dt.date | None = None) -> Counter[str]:
    """Create whatever of the directory demo is missing; returns what was created, by kind."""
    today = today or timezone.localdate()
    created: Counter[str] = Counter()
    with bulk_indexing():
        for plan in PLANS:
            district = District.objects.filter(slug=plan.slug).first()
            if district is None:
                continue
            rng = random.Random(f"{RANDOM_SEED}-{plan.slug}")  # noqa: S311 - reproducible demo
            places = _places(district, plan, rng, created)
            offers = _offers(district, plan, places, today, rng, created)
            _events(district, plan, offers, today, created)
            _submissions(district, plan, places, created)
    return +created
