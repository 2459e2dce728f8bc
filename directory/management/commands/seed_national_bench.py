"""Seed the directory at national scale for `bench/directory_national.py`.

    manage.py seed_national_bench [--districts 400] [--offers 500] [--languages 7]
                                  [--events-per-district 50] [--small-offers 10]

Builds one district per real Kreis (reference data, slugs `bench-<ags>`), each with
organisations, municipalities, places (coordinates near the Kreis's centre), offers with one
translation row per language (German original plus the others), and events. The texts are
assembled from a fixed, parallel vocabulary of the domain in each language with skewed choices,
so that search sees realistic term frequencies: common words ("Beratung", "Deutschkurs"), a rare
one ("Imkerei") and the compounds people misspell ("Deutschkurs", "Sprachcafé",
"Integrationskurs"). One more district (the next Kreis, or the last one when there is none left)
gets only `--small-offers` offers, to compare the queries per request of a small and a large
district. Rows are written with bulk_create inside `search.bulk_indexing()`; the search index is
rebuilt afterwards, district by district. Refuses in production, on an already seeded database,
and on SQLite unless `--allow-sqlite` is given. Prints progress and timings.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import random
import time
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.utils import timezone

from directory import search
from directory.models import (
    SOURCE_LANGUAGE,
    Event,
    EventTranslation,
    Offer,
    OfferSearchDocument,
    OfferTranslation,
    Place,
    PlaceTranslation,
    Status,
    TranslationState,
)
from districts.models import District, Kreis, Municipality, Organisation
from districts.vocabulary import DirectoryTargetGroup as TargetGroup
from districts.vocabulary import DirectoryTopic as Topic

SLUG_PREFIX = "bench-"
# The languages of the vocabulary below, in column order. Dari (fa-af) uses the Farsi column.
COLUMNS = ("de", "en", "ar", "uk", "fa", "tr", "ru")
LANGUAGE_ORDER = ("de", "en", "ar", "uk", "fa", "tr", "ru", "fa-af")

# fmt: off
# Titles per kind: (weight, texts in COLUMNS order). Parallel: one row means one thing.
T = tuple[str, str, str, str, str, str, str]
TITLES: dict[str, list[tuple[int, T]]] = {
    Offer.Kind.LANGUAGE_COURSE: [
        (30, ("Deutschkurs A1", "German course A1", "دورة اللغة الألمانية A1", "Курс німецької мови A1", "کلاس زبان آلمانی A1", "Almanca kursu A1", "Курс немецкого языка A1")),  # noqa: E501
        (20, ("Deutschkurs B1", "German course B1", "دورة اللغة الألمانية B1", "Курс німецької мови B1", "کلاس زبان آلمانی B1", "Almanca kursu B1", "Курс немецкого языка B1")),  # noqa: E501
        (20, ("Sprachcafé", "Language café", "مقهى اللغة", "Мовне кафе", "کافه زبان", "Dil kafesi", "Языковое кафе")),  # noqa: E501
        (10, ("Alphabetisierungskurs", "Literacy course", "دورة محو الأمية", "Курс грамотності", "کلاس سوادآموزی", "Okuma yazma kursu", "Курс грамотности")),  # noqa: E501
        (10, ("Konversationskurs Deutsch", "German conversation class", "دورة محادثة بالألمانية", "Розмовний курс німецької", "کلاس مکالمه آلمانی", "Almanca konuşma kursu", "Разговорный курс немецкого")),  # noqa: E501
    ],
    Offer.Kind.INTEGRATION_COURSE: [
        (50, ("Integrationskurs", "Integration course", "دورة الاندماج", "Інтеграційний курс", "دوره ادغام", "Uyum kursu", "Интеграционный курс")),  # noqa: E501
        (30, ("Integrationskurs mit Kinderbetreuung", "Integration course with childcare", "دورة الاندماج مع رعاية الأطفال", "Інтеграційний курс з доглядом за дітьми", "دوره ادغام با مراقبت از کودک", "Çocuk bakımlı uyum kursu", "Интеграционный курс с присмотром за детьми")),  # noqa: E501
        (20, ("Orientierungskurs", "Orientation course", "دورة التوجيه", "Орієнтаційний курс", "دوره آشنایی", "Oryantasyon kursu", "Ориентационный курс")),  # noqa: E501
    ],
    Offer.Kind.COUNSELLING: [
        (30, ("Migrationsberatung für Erwachsene", "Migration counselling for adults", "استشارات الهجرة للبالغين", "Консультації з питань міграції для дорослих", "مشاوره مهاجرت برای بزرگسالان", "Yetişkinler için göç danışmanlığı", "Миграционная консультация для взрослых")),  # noqa: E501
        (20, ("Jugendmigrationsdienst", "Youth migration service", "خدمة الهجرة للشباب", "Міграційна служба для молоді", "خدمات مهاجرت جوانان", "Gençlik göç servisi", "Молодёжная миграционная служба")),  # noqa: E501
        (15, ("Asylverfahrensberatung", "Asylum procedure counselling", "استشارات إجراءات اللجوء", "Консультації щодо процедури притулку", "مشاوره روند پناهندگی", "İltica süreci danışmanlığı", "Консультация по процедуре убежища")),  # noqa: E501
        (10, ("Schuldnerberatung", "Debt counselling", "استشارات الديون", "Консультації щодо боргів", "مشاوره بدهی", "Borç danışmanlığı", "Консультация по долгам")),  # noqa: E501
        (25, ("Sozialberatung", "Social counselling", "الاستشارات الاجتماعية", "Соціальні консультації", "مشاوره اجتماعی", "Sosyal danışmanlık", "Социальная консультация")),  # noqa: E501
    ],
    Offer.Kind.ACTIVITY: [
        (25, ("Frauentreff", "Women's meeting", "لقاء النساء", "Жіноча зустріч", "دورهمی زنان", "Kadın buluşması", "Женская встреча")),  # noqa: E501
        (25, ("Begegnungscafé", "Meeting café", "مقهى اللقاء", "Кафе зустрічей", "کافه دیدار", "Buluşma kafesi", "Кафе встреч")),  # noqa: E501
        (20, ("Fußballtraining für Jugendliche", "Football training for young people", "تدريب كرة القدم للشباب", "Футбольні тренування для молоді", "تمرین فوتبال برای نوجوانان", "Gençler için futbol antrenmanı", "Футбольные тренировки для молодёжи")),  # noqa: E501
        (15, ("Gemeinsam kochen", "Cooking together", "الطبخ معًا", "Готуємо разом", "آشپزی با هم", "Birlikte yemek pişirme", "Готовим вместе")),  # noqa: E501
        (15, ("Hausaufgabenhilfe", "Homework help", "المساعدة في الواجبات المدرسية", "Допомога з домашніми завданнями", "کمک در تکالیف مدرسه", "Ödev yardımı", "Помощь с домашними заданиями")),  # noqa: E501
    ],
    Offer.Kind.SERVICE: [
        (30, ("Bewerbungstraining", "Job application training", "تدريب على طلبات العمل", "Тренінг з пошуку роботи", "آموزش درخواست کار", "İş başvurusu eğitimi", "Тренинг по поиску работы")),  # noqa: E501
        (20, ("Anerkennung ausländischer Abschlüsse", "Recognition of foreign qualifications", "الاعتراف بالشهادات الأجنبية", "Визнання іноземних дипломів", "ارزشیابی مدارک خارجی", "Yabancı diplomaların denkliği", "Признание иностранных дипломов")),  # noqa: E501
        (20, ("Hilfe bei der Wohnungssuche", "Help finding a flat", "المساعدة في البحث عن سكن", "Допомога в пошуку житла", "کمک در پیدا کردن خانه", "Ev arama yardımı", "Помощь в поиске жилья")),  # noqa: E501
        (15, ("Dolmetscherdienst", "Interpreting service", "خدمة الترجمة الفورية", "Послуги перекладача", "خدمات ترجمه شفاهی", "Tercüman hizmeti", "Услуги переводчика")),  # noqa: E501
        (15, ("Kleiderkammer", "Clothes store", "مخزن الملابس", "Пункт видачі одягу", "انبار لباس", "Giysi deposu", "Пункт выдачи одежды")),  # noqa: E501
    ],
    Offer.Kind.OTHER: [
        (50, ("Fahrradwerkstatt", "Bicycle workshop", "ورشة الدراجات", "Велосипедна майстерня", "کارگاه دوچرخه", "Bisiklet atölyesi", "Велосипедная мастерская")),  # noqa: E501
        (30, ("Nähcafé", "Sewing café", "مقهى الخياطة", "Кафе шиття", "کافه خیاطی", "Dikiş kafesi", "Кафе шитья")),  # noqa: E501
        (20, ("Schachclub", "Chess club", "نادي الشطرنج", "Шаховий клуб", "باشگاه شطرنج", "Satranç kulübü", "Шахматный клуб")),  # noqa: E501
    ],
}
# The rare term: about one offer in 250 (two in a district of 500).
RARE_SHARE = 0.004
RARE_TITLE: T = ("Imkerei für Einsteiger", "Beekeeping for beginners", "تربية النحل للمبتدئين", "Бджільництво для початківців", "زنبورداری برای مبتدیان", "Yeni başlayanlar için arıcılık", "Пчеловодство для начинающих")  # noqa: E501
KIND_WEIGHTS = {
    Offer.Kind.LANGUAGE_COURSE: 25,
    Offer.Kind.INTEGRATION_COURSE: 10,
    Offer.Kind.COUNSELLING: 25,
    Offer.Kind.ACTIVITY: 20,
    Offer.Kind.SERVICE: 15,
    Offer.Kind.OTHER: 5,
}
KIND_TOPICS = {
    Offer.Kind.LANGUAGE_COURSE: [Topic.LANGUAGE],
    Offer.Kind.INTEGRATION_COURSE: [Topic.LANGUAGE, Topic.RESIDENCE],
    Offer.Kind.COUNSELLING: [Topic.COUNSELLING, Topic.RESIDENCE],
    Offer.Kind.ACTIVITY: [Topic.LEISURE, Topic.FAMILY],
    Offer.Kind.SERVICE: [Topic.WORK, Topic.HOUSING, Topic.HEALTH],
    Offer.Kind.OTHER: [Topic.LEISURE],
}
QUALIFIERS: list[tuple[int, T]] = [
    (40, ("", "", "", "", "", "", "")),
    (10, ("für Frauen", "for women", "للنساء", "для жінок", "برای زنان", "kadınlar için", "для женщин")),  # noqa: E501
    (10, ("für Familien", "for families", "للعائلات", "для сімей", "برای خانواده‌ها", "aileler için", "для семей")),  # noqa: E501
    (8, ("am Abend", "in the evening", "في المساء", "ввечері", "عصرها", "akşamları", "по вечерам")),  # noqa: E501
    (8, ("am Wochenende", "at the weekend", "في عطلة نهاية الأسبوع", "у вихідні", "آخر هفته", "hafta sonu", "по выходным")),  # noqa: E501
    (8, ("für Jugendliche", "for young people", "للشباب", "для молоді", "برای جوانان", "gençler için", "для молодёжи")),  # noqa: E501
    (8, ("für Geflüchtete", "for refugees", "للاجئين", "для біженців", "برای پناهجویان", "mülteciler için", "для беженцев")),  # noqa: E501
    (8, ("mit Kinderbetreuung", "with childcare", "مع رعاية الأطفال", "з доглядом за дітьми", "با مراقبت از کودک", "çocuk bakımı ile", "с присмотром за детьми")),  # noqa: E501
]
SENTENCES: list[T] = [
    ("Wir helfen bei Fragen zu Aufenthalt, Arbeit und Wohnung.", "We help with questions about residence, work and housing.", "نساعد في الأسئلة المتعلقة بالإقامة والعمل والسكن.", "Ми допомагаємо з питаннями щодо перебування, роботи та житла.", "ما در سوالات مربوط به اقامت، کار و مسکن کمک می‌کنیم.", "Oturum, iş ve konut konularındaki sorularda yardımcı oluyoruz.", "Мы помогаем с вопросами о пребывании, работе и жилье."),  # noqa: E501
    ("Die Teilnahme ist kostenlos.", "Taking part is free of charge.", "المشاركة مجانية.", "Участь безкоштовна.", "شرکت رایگان است.", "Katılım ücretsizdir.", "Участие бесплатное."),  # noqa: E501
    ("Eine Anmeldung ist nicht nötig.", "No registration is needed.", "لا حاجة للتسجيل.", "Реєстрація не потрібна.", "ثبت‌نام لازم نیست.", "Kayıt gerekmez.", "Регистрация не нужна."),  # noqa: E501
    ("Bitte vereinbaren Sie einen Termin per Telefon oder E-Mail.", "Please make an appointment by phone or e-mail.", "يرجى تحديد موعد عبر الهاتف أو البريد الإلكتروني.", "Будь ласка, домовтеся про зустріч телефоном або електронною поштою.", "لطفاً از طریق تلفن یا ایمیل وقت بگیرید.", "Lütfen telefon veya e-posta ile randevu alın.", "Пожалуйста, запишитесь на приём по телефону или электронной почте."),  # noqa: E501
    ("Die Beratung ist vertraulich und unabhängig.", "Counselling is confidential and independent.", "الاستشارة سرية ومستقلة.", "Консультація конфіденційна та незалежна.", "مشاوره محرمانه و مستقل است.", "Danışmanlık gizli ve bağımsızdır.", "Консультация конфиденциальна и независима."),  # noqa: E501
    ("Wir sprechen Deutsch, Englisch, Arabisch und Ukrainisch.", "We speak German, English, Arabic and Ukrainian.", "نتحدث الألمانية والإنجليزية والعربية والأوكرانية.", "Ми розмовляємо німецькою, англійською, арабською та українською.", "ما آلمانی، انگلیسی، عربی و اوکراینی صحبت می‌کنیم.", "Almanca, İngilizce, Arapça ve Ukraynaca konuşuyoruz.", "Мы говорим по-немецки, по-английски, по-арабски и по-украински."),  # noqa: E501
    ("Kinder können mitgebracht werden.", "Children are welcome.", "يمكن إحضار الأطفال.", "Можна приходити з дітьми.", "می‌توانید کودکان را همراه بیاورید.", "Çocuklarınızı getirebilirsiniz.", "Можно приходить с детьми."),  # noqa: E501
    ("Der Raum ist barrierefrei erreichbar.", "The room is accessible without steps.", "القاعة سهلة الوصول لذوي الإعاقة.", "Приміщення доступне без бар'єрів.", "اتاق بدون مانع قابل دسترسی است.", "Salon engelsiz erişilebilir.", "Помещение доступно без барьеров."),  # noqa: E501
    ("Wir unterstützen bei Anträgen an Jobcenter, Ausländerbehörde und Familienkasse.", "We support applications to the job centre, the immigration office and the family benefits office.", "ندعمكم في الطلبات المقدمة إلى مركز العمل ودائرة الأجانب وصندوق الأسرة.", "Ми допомагаємо із заявами до джобцентру, відомства у справах іноземців і сімейної каси.", "در درخواست‌ها به جاب‌سنتر، اداره اتباع خارجی و صندوق خانواده کمک می‌کنیم.", "İş ajansı, yabancılar dairesi ve aile kasasına yapılan başvurularda destek veriyoruz.", "Мы помогаем с заявлениями в джобцентр, ведомство по делам иностранцев и семейную кассу."),  # noqa: E501
    ("Im Sprachcafé üben Sie Deutsch im Gespräch.", "At the language café you practise German in conversation.", "في مقهى اللغة تتدربون على الألمانية بالمحادثة.", "У мовному кафе ви практикуєте німецьку в розмові.", "در کافه زبان، آلمانی را با گفتگو تمرین می‌کنید.", "Dil kafesinde sohbet ederek Almanca pratik yaparsınız.", "В языковом кафе вы практикуете немецкий в разговоре."),  # noqa: E501
    ("Der Deutschkurs findet zweimal pro Woche statt.", "The German course takes place twice a week.", "تقام دورة اللغة الألمانية مرتين في الأسبوع.", "Курс німецької мови проходить двічі на тиждень.", "کلاس زبان آلمانی دو بار در هفته برگزار می‌شود.", "Almanca kursu haftada iki kez yapılır.", "Курс немецкого языка проходит два раза в неделю."),  # noqa: E501
    ("Der Integrationskurs wird vom Bundesamt für Migration und Flüchtlinge gefördert.", "The integration course is funded by the Federal Office for Migration and Refugees.", "دورة الاندماج ممولة من المكتب الاتحادي للهجرة واللاجئين.", "Інтеграційний курс фінансує Федеральне відомство з питань міграції та біженців.", "دوره ادغام توسط اداره فدرال مهاجرت و پناهندگان حمایت می‌شود.", "Uyum kursu Federal Göç ve Mülteciler Dairesi tarafından desteklenir.", "Интеграционный курс финансируется Федеральным ведомством по делам миграции и беженцев."),  # noqa: E501
    ("Ehrenamtliche begleiten Sie zu Ärzten und Behörden.", "Volunteers go with you to doctors and public offices.", "يرافقكم متطوعون إلى الأطباء والدوائر الحكومية.", "Волонтери супроводжують вас до лікарів і установ.", "داوطلبان شما را به پزشک و ادارات همراهی می‌کنند.", "Gönüllüler size doktora ve resmi dairelere eşlik eder.", "Волонтёры сопровождают вас к врачам и в учреждения."),  # noqa: E501
    ("Bringen Sie bitte Ihren Ausweis oder Ihre Aufenthaltserlaubnis mit.", "Please bring your ID or residence permit.", "يرجى إحضار بطاقة الهوية أو تصريح الإقامة.", "Будь ласка, візьміть із собою посвідчення особи або дозвіл на проживання.", "لطفاً کارت شناسایی یا اجازه اقامت خود را همراه بیاورید.", "Lütfen kimliğinizi veya oturma izninizi getirin.", "Пожалуйста, возьмите с собой удостоверение личности или вид на жительство."),  # noqa: E501
    ("Wir helfen bei der Suche nach Arbeit, Ausbildung und Praktikum.", "We help you find work, training and internships.", "نساعد في البحث عن عمل وتدريب مهني وتدريب عملي.", "Ми допомагаємо шукати роботу, навчання і практику.", "در پیدا کردن کار، کارآموزی و دوره عملی کمک می‌کنیم.", "İş, meslek eğitimi ve staj bulmanıza yardımcı oluyoruz.", "Мы помогаем найти работу, обучение и практику."),  # noqa: E501
    ("Für Fragen zur Gesundheit und zur Krankenversicherung gibt es eine offene Sprechstunde.", "There is an open consultation hour for questions about health and health insurance.", "هناك ساعة استشارة مفتوحة لأسئلة الصحة والتأمين الصحي.", "Для питань про здоров'я та медичне страхування є відкриті консультаційні години.", "برای سوالات درباره سلامت و بیمه درمانی ساعت مشاوره آزاد وجود دارد.", "Sağlık ve sağlık sigortası soruları için açık danışma saati vardır.", "Для вопросов о здоровье и медицинской страховке есть открытые часы приёма."),  # noqa: E501
    ("Treffpunkt ist das Gemeindehaus in der Ortsmitte.", "We meet at the community hall in the town centre.", "نلتقي في قاعة البلدية في وسط البلدة.", "Зустрічаємося в громадському будинку в центрі міста.", "محل دیدار سالن محله در مرکز شهر است.", "Buluşma yeri şehir merkezindeki toplum evidir.", "Встречаемся в общественном доме в центре города."),  # noqa: E501
]
# Sentences that fit a kind come first more often (skewed term frequencies).
KIND_SENTENCES = {
    Offer.Kind.LANGUAGE_COURSE: [9, 10, 1, 2],
    Offer.Kind.INTEGRATION_COURSE: [11, 10, 13, 6],
    Offer.Kind.COUNSELLING: [4, 0, 8, 3, 13],
    Offer.Kind.ACTIVITY: [6, 16, 1, 2],
    Offer.Kind.SERVICE: [14, 8, 3, 15],
    Offer.Kind.OTHER: [16, 1, 2],
}
ELIGIBILITY: T = ("Für alle Menschen mit Wohnsitz im Kreis, unabhängig vom Aufenthaltsstatus.", "For everyone living in the district, whatever their residence status.", "لكل المقيمين في الدائرة بغض النظر عن وضع الإقامة.", "Для всіх, хто живе в районі, незалежно від статусу перебування.", "برای همه ساکنان منطقه، صرف نظر از وضعیت اقامت.", "Oturum durumundan bağımsız olarak ilçede yaşayan herkes için.", "Для всех жителей района независимо от статуса пребывания.")  # noqa: E501
# fmt: on
OPENING_HOURS = "Mo–Fr 9–12 Uhr, Di und Do 14–17 Uhr"
PLACE_KINDS = ("Bürgerhaus", "Stadtteilzentrum", "Volkshochschule", "Familienzentrum", "Rathaus")
ORG_KINDS = (
    ("Caritasverband", Organisation.Kind.WELFARE),
    ("Diakonisches Werk", Organisation.Kind.WELFARE),
    ("Volkshochschule", Organisation.Kind.EDUCATION),
    ("Jobcenter", Organisation.Kind.JOBCENTRE),
    ("Ausländerbehörde", Organisation.Kind.AUTHORITY),
    ("Deutsch-Arabischer Verein", Organisation.Kind.MIGRANT_ORG),
    ("Ukrainische Gemeinde", Organisation.Kind.MIGRANT_ORG),
    ("Helferkreis Asyl", Organisation.Kind.INITIATIVE),
    ("Sportverein", Organisation.Kind.INITIATIVE),
    ("AWO Kreisverband", Organisation.Kind.WELFARE),
)
MUNICIPALITY_PARTS = ("Mitte", "Nord", "Süd", "Ost", "West", "Land")
SPOKEN = ("de", "en", "ar", "uk", "fa", "tr", "ru", "fa-af", "ku", "ti", "so", "fr", "pl", "ro")
RRULES = ("FREQ=WEEKLY;BYDAY=TU", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", "FREQ=MONTHLY;BYDAY=1SA")


@contextlib.contextmanager
def _memoised_labels() -> Iterator[None]:
    """`search._labels` activates gettext for every label of every offer and language (about
    40 % of the rebuild's time); its result depends only on kind, topics and language, so the
    seed remembers it while it rebuilds (per district: each has its own vocabulary)."""
    original = search._labels
    cache: dict[tuple[int, str, tuple[str, ...], str], str] = {}

    def labels(offer: Offer, language: str) -> str:
        key = (offer.district_id, offer.kind, tuple(offer.topics or ()), language)
        if key not in cache:
            cache[key] = original(offer, language)
        return cache[key]

    search._labels = labels
    try:
        yield
    finally:
        search._labels = original


@contextlib.contextmanager
def _gin_built_afterwards(say: Any) -> Iterator[None]:
    """Bulk load without the GIN index of the search documents (PostgreSQL): keeping it up to
    date row by row costs as much as computing the vectors; building it once at the end is far
    cheaper. The index is recreated from its own definition, whatever happens in between."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexdef ILIKE %s",
            [OfferSearchDocument._meta.db_table, "%USING gin%"],
        )
        indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX IF EXISTS "{name}"')
    try:
        yield
    finally:
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("SET maintenance_work_mem TO '512MB'")
            for _name, definition in indexes:
                cursor.execute(definition)
        say(f"  GIN index built in {time.perf_counter() - started:.0f} s")


def _weighted(rng: random.Random, rows: list[tuple[int, T]]) -> T:
    return rng.choices([row for _w, row in rows], weights=[w for w, _row in rows])[0]


class Command(BaseCommand):
    help = "Füllt das Verzeichnis für den Lasttest in Bundesgröße (nur Testdatenbanken)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--districts", type=int, default=400)
        parser.add_argument("--offers", type=int, default=500, help="offers per district")
        parser.add_argument(
            "--languages", type=int, default=7, help="translation languages, German included"
        )
        parser.add_argument("--events-per-district", type=int, default=50)
        parser.add_argument(
            "--small-offers", type=int, default=10, help="offers of the one small district"
        )
        parser.add_argument("--places-per-district", type=int, default=60)
        parser.add_argument("--seed", type=int, default=2024)
        parser.add_argument("--allow-sqlite", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if getattr(settings, "PRODUCTION", False):
            raise CommandError("Nicht in der Produktion: dieser Befehl erzeugt Testdaten.")
        if connection.vendor != "postgresql" and not options["allow_sqlite"]:
            raise CommandError("Nur mit PostgreSQL (oder ausdrücklich mit --allow-sqlite).")
        if District.objects.filter(slug__startswith=SLUG_PREFIX).exists():
            raise CommandError(
                "Die Datenbank enthält schon Lasttest-Kreise; bitte eine frische Datenbank nehmen."
            )
        languages = list(LANGUAGE_ORDER[: max(1, min(options["languages"], 8))])
        count = options["districts"]
        taken = set(District.objects.values_list("kreis_id", flat=True))
        kreise = list(Kreis.objects.exclude(ags__in=taken).defer("outline").order_by("ags"))
        if len(kreise) < count:
            raise CommandError(f"Nur {len(kreise)} freie Kreise, {count} verlangt.")
        plan = [(kreis, options["offers"]) for kreis in kreise[:count]]
        if options["small_offers"]:
            if len(kreise) > count:
                plan.append((kreise[count], options["small_offers"]))
            else:
                plan[-1] = (plan[-1][0], options["small_offers"])
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET synchronous_commit TO off")  # this session only
        self.rng = random.Random(options["seed"])  # noqa: S311 - test data, not a secret
        self.now = timezone.now()
        total_offers = sum(offers for _k, offers in plan)
        self.stdout.write(
            f"seed: {len(plan)} districts, {total_offers} offers, languages {','.join(languages)}"
            f", {options['events_per_district']} events per district"
        )
        started = time.perf_counter()
        done = 0
        step = max(1, len(plan) // 20)
        with search.bulk_indexing():
            for index, (kreis, offers) in enumerate(plan, start=1):
                with transaction.atomic():
                    self.seed_district(
                        kreis,
                        offers,
                        languages,
                        options["events_per_district"],
                        options["places_per_district"],
                    )
                done += offers
                if index % step == 0 or index == len(plan):
                    elapsed = time.perf_counter() - started
                    self.stdout.write(
                        f"  rows: {index}/{len(plan)} districts, {done} offers, "
                        f"{elapsed:.0f} s ({done / elapsed:.0f} offers/s)"
                    )
        rows_seconds = time.perf_counter() - started
        indexed = 0
        index_started = time.perf_counter()
        districts = list(District.objects.filter(slug__startswith=SLUG_PREFIX).order_by("pk"))
        with _gin_built_afterwards(self.stdout.write), _memoised_labels():
            for index, district in enumerate(districts, start=1):
                indexed += search.rebuild_index(district, batch_size=500)
                if index % step == 0 or index == len(districts):
                    elapsed = time.perf_counter() - index_started
                    self.stdout.write(
                        f"  index: {index}/{len(districts)} districts, {indexed} offers, "
                        f"{elapsed:.0f} s ({indexed / elapsed:.0f} offers/s)"
                    )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        index_seconds = time.perf_counter() - index_started
        self.stdout.write(
            f"seed done: rows {rows_seconds:.0f} s, index {index_seconds:.0f} s, "
            f"total {rows_seconds + index_seconds:.0f} s; "
            f"{OfferTranslation.objects.count()} offer translations, "
            f"{Event.objects.count()} events"
        )

    def seed_district(
        self, kreis: Kreis, offers: int, languages: list[str], events: int, places: int
    ) -> None:
        rng = self.rng
        district = District.objects.create(
            kreis=kreis, name=kreis.display_name, slug=f"{SLUG_PREFIX}{kreis.ags}"
        )
        municipalities = Municipality.objects.bulk_create(
            Municipality(district=district, name=f"{kreis.name} {part}")
            for part in MUNICIPALITY_PARTS
        )
        organisations = Organisation.objects.bulk_create(
            Organisation(district=district, name=f"{name} {kreis.name}", kind=kind)
            for name, kind in ORG_KINDS
        )
        lat, lon = float(kreis.lat), float(kreis.lon)
        place_rows = []
        for number in range(max(1, places)):
            municipality = rng.choice(municipalities)
            place_rows.append(
                Place(
                    district=district,
                    name=f"{rng.choice(PLACE_KINDS)} {municipality.name} {number + 1}",
                    organisation=rng.choice(organisations),
                    street=f"Hauptstraße {rng.randint(1, 120)}",
                    postcode=f"{rng.randint(1067, 99998):05d}",
                    city=municipality.name,
                    municipality=municipality,
                    latitude=Decimal(f"{lat + rng.uniform(-0.08, 0.08):.5f}"),
                    longitude=Decimal(f"{lon + rng.uniform(-0.12, 0.12):.5f}"),
                    barrier_free=rng.random() < 0.6,
                    status=Status.PUBLISHED,
                )
            )
        place_objs = Place.objects.bulk_create(place_rows)
        PlaceTranslation.objects.bulk_create(
            PlaceTranslation(
                place=place,
                language=SOURCE_LANGUAGE,
                state=TranslationState.ORIGINAL,
                name=place.name,
                opening_hours=OPENING_HOURS,
                directions="Bus bis zur Haltestelle Ortsmitte, dann 200 m zu Fuß.",
            )
            for place in place_objs
        )
        kinds = list(KIND_WEIGHTS)
        kind_weights = list(KIND_WEIGHTS.values())
        groups = list(TargetGroup.values)
        offer_rows: list[Offer] = []
        texts: list[tuple[T, T, list[T], bool]] = []
        today = self.now.date()
        for _number in range(offers):
            kind = rng.choices(kinds, weights=kind_weights)[0]
            title = RARE_TITLE if rng.random() < RARE_SHARE else _weighted(rng, TITLES[kind])
            qualifier = _weighted(rng, QUALIFIERS)
            preferred = KIND_SENTENCES[kind]
            picks = [rng.choice(preferred)] + [
                rng.randrange(len(SENTENCES)) for _ in range(rng.randint(2, 4))
            ]
            fmt = rng.choices(list(Offer.Format.values), weights=[80, 10, 10])[0]
            offer_rows.append(
                Offer(
                    district=district,
                    organisation=rng.choice(organisations),
                    kind=kind,
                    topics=sorted(set(rng.sample(KIND_TOPICS[kind], 1) + KIND_TOPICS[kind][:1])),
                    target_groups=rng.sample(groups, rng.randint(1, 3)),
                    languages=sorted(set(["de", *rng.sample(SPOKEN, rng.randint(1, 4))])),
                    place=rng.choice(place_objs) if fmt != Offer.Format.ONLINE else None,
                    format=fmt,
                    meeting_link="https://meet.example.org/raum" if fmt != "in_person" else "",
                    free_of_charge=rng.random() < 0.8,
                    barrier_free=rng.random() < 0.6,
                    childcare=rng.random() < 0.2,
                    contact_email=f"kontakt{rng.randint(1, 99)}@example.org",
                    contact_phone=f"0{rng.randint(1000, 9999)} {rng.randint(10000, 999999)}",
                    review_on=today + dt.timedelta(days=rng.randint(-30, 365)),
                    status=Status.PUBLISHED,
                )
            )
            texts.append((title, qualifier, [SENTENCES[i] for i in picks], rng.random() < 0.5))
        offer_objs = Offer.objects.bulk_create(offer_rows)
        translations = []
        for offer, (title, qualifier, sentences, eligible) in zip(offer_objs, texts, strict=True):
            for language in languages:
                column = COLUMNS.index("fa" if language == "fa-af" else language)
                text_title = f"{title[column]} {qualifier[column]}".strip()
                translations.append(
                    OfferTranslation(
                        offer=offer,
                        language=language,
                        state=(
                            TranslationState.ORIGINAL
                            if language == SOURCE_LANGUAGE
                            else TranslationState.MACHINE
                        ),
                        title=text_title,
                        summary=sentences[0][column],
                        description=" ".join(sentence[column] for sentence in sentences[1:]),
                        eligibility=ELIGIBILITY[column] if eligible else "",
                    )
                )
        OfferTranslation.objects.bulk_create(translations, batch_size=2000)
        event_rows = []
        event_titles = []
        for _number in range(events if offer_objs else 0):
            pick = rng.randrange(len(offer_objs))
            offer = offer_objs[pick]
            starts = self.now.replace(minute=0, second=0, microsecond=0) + dt.timedelta(
                days=rng.randint(0, 90), hours=rng.randint(0, 10)
            )
            event_rows.append(
                Event(
                    district=district,
                    offer=offer,
                    place=offer.place,
                    organisation=offer.organisation,
                    starts_at=starts,
                    ends_at=starts + dt.timedelta(hours=2),
                    rrule=rng.choice(RRULES) if rng.random() < 0.3 else "",
                    free_of_charge=offer.free_of_charge,
                    status=Status.PUBLISHED,
                )
            )
            event_titles.append(texts[pick][0])
        event_objs = Event.objects.bulk_create(event_rows)
        EventTranslation.objects.bulk_create(
            (
                EventTranslation(
                    event=event,
                    language=language,
                    state=(
                        TranslationState.ORIGINAL
                        if language == SOURCE_LANGUAGE
                        else TranslationState.MACHINE
                    ),
                    title=title[COLUMNS.index("fa" if language == "fa-af" else language)],
                )
                for event, title in zip(event_objs, event_titles, strict=True)
                for language in languages
            ),
            batch_size=2000,
        )
