"""The catalogues in locale/: the public shell speaks every language, staff pages speak English.

German is the source language. English covers every string of the project; Arabic, Ukrainian,
Farsi, Dari, Turkish and Russian cover the public shell (sign-in, password reset, lockout, error
pages, legal pages, start page and the layout around them) and the public directory of offers
for newcomers, including the form to suggest an offer.
"""

from __future__ import annotations

import gettext
import io
import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from accounts.tests.helpers import MFA_URL, post_login

from .helpers import parse

LOCALE_DIR = Path(settings.LOCALE_PATHS[0])
SHELL_LANGUAGES = ["ar", "uk", "fa", "fa-af", "tr", "ru"]
RTL = {"ar", "fa", "fa-af"}
PLURAL_FORMS = {"en": 2, "ar": 6, "uk": 3, "fa": 2, "fa_AF": 2, "tr": 2, "ru": 3}
SHELL_TEMPLATE_DIRS = ("ui/templates/", "accounts/templates/")
PUBLIC_DIRECTORY_TEMPLATES = "directory/templates/directory/public/"
SUBMIT_TEMPLATES = "directory/templates/directory/submit/"
# The modules behind the public pages (the page views and the search facets).
PUBLIC_DIRECTORY_VIEWS = (
    "directory/views/public.py",
    "directory/views/shell.py",
    "directory/selectors/facets.py",
)

# What a person sees on the sign-in page: the heading and the submit button.
SIGN_IN = {
    "ar": ("تسجيل الدخول إلى Lotse", "تسجيل الدخول"),
    "uk": ("Вхід до Lotse", "Увійти"),
    "fa": ("ورود به Lotse", "ورود"),
    "fa-af": ("ورود به Lotse", "ورود"),
    "tr": ("Lotse'ye giriş yapın", "Giriş yap"),
    "ru": ("Вход в Lotse", "Войти"),
}
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w+\}|<[^>]+>")


def to_locale(language: str) -> str:
    return language.replace("-af", "_AF")


def catalogue(locale: str) -> Catalog:
    with (LOCALE_DIR / locale / "LC_MESSAGES" / "django.po").open("rb") as handle:
        return read_po(handle, locale=locale)


def messages(catalog: Catalog) -> list:
    """Every entry but the header; Babel keeps obsolete entries apart (`catalog.obsolete`)."""
    return [message for message in catalog if message.id]


def is_translated(message) -> bool:
    if isinstance(message.string, tuple | list):
        return all(message.string) and "fuzzy" not in message.flags
    return bool(message.string) and "fuzzy" not in message.flags


def choose(client, language, next_url="/"):
    return client.post(reverse("set_language"), {"language": language, "next": next_url})


def text_of(html: str, tag: str) -> str:
    found = re.search(rf"<{tag}\b[^>]*>(.*?)</{tag}>", html, re.S)
    assert found, f"no <{tag}> on the page"
    return " ".join(re.sub(r"<[^>]+>", " ", found.group(1)).split())


def span_texts(html: str, css_class: str) -> list[str]:
    return [
        " ".join(re.sub(r"<[^>]+>", " ", body).split())
        for body in re.findall(rf'<span class="{css_class}">(.*?)</span>', html, re.S)
    ]


def main_button_labels(html: str) -> list[str]:
    main = re.search(r"<main\b.*?</main>", html, re.S)
    assert main
    return [
        " ".join(re.sub(r"<[^>]+>", " ", body).split())
        for body in re.findall(r"<button\b[^>]*>(.*?)</button>", main.group(0), re.S)
    ]


# --- What a person sees -------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("language", SHELL_LANGUAGES)
def test_sign_in_page_speaks_the_chosen_language(client, language):
    choose(client, language)
    response = client.get(reverse("account_login"))
    html = response.content.decode()
    assert parse(response).first("html").attrs == {
        "lang": language,
        "dir": "rtl" if language in RTL else "ltr",
    }
    heading, button = SIGN_IN[language]
    assert text_of(html, "h1") == heading
    assert button in main_button_labels(html)
    assert "Bei Lotse anmelden" not in html
    assert "Anmelden" not in main_button_labels(html)
    # The form labels come from allauth's own catalogue: neither German nor English.
    password_label = re.search(r'<label[^>]*for="id_password"[^>]*>(.*?)</label>', html, re.S)
    assert password_label
    assert password_label.group(1).strip() not in {"Passwort", "Password"}
    # The layout around the page: skip link and footer.
    assert "Zum Inhalt springen" not in html
    assert "Impressum" not in html
    assert "Datenschutz" not in html


@pytest.mark.django_db
def test_dari_falls_back_to_farsi_for_allauth_labels(client):
    labels = {}
    for language in ("fa", "fa-af"):
        choose(client, language)
        html = client.get(reverse("account_login")).content.decode()
        found = re.search(r'<label[^>]*for="id_password"[^>]*>(.*?)</label>', html, re.S)
        assert found
        labels[language] = found.group(1).strip()
    assert labels["fa-af"] == labels["fa"]
    assert labels["fa"] not in {"Passwort", "Password"}


@pytest.mark.django_db
@pytest.mark.parametrize("language", SHELL_LANGUAGES)
def test_public_pages_have_translated_headings(client, language):
    choose(client, language)
    german = {
        "/konto/signup/": "Registrierung nur per Einladung",
        reverse("ui:privacy"): "Datenschutzerklärung",
        reverse("ui:imprint"): "Impressum",
        reverse("ui:accessibility"): "Erklärung zur Barrierefreiheit",
        "/gibt-es-nicht/": "Seite nicht gefunden",
        "/": "Lotse – das Integrationsnetzwerk Ihres Kreises",
    }
    for url, heading in german.items():
        html = client.get(url).content.decode()
        shown = text_of(html, "h1")
        assert shown
        assert shown != heading, url


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ar", "ru"])
def test_lockout_page_is_translated(client, language, settings):
    from accounts.tests.factories import UserFactory

    user = UserFactory()
    choose(client, language)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = post_login(client, user.email, "voellig-falsches-Passwort")
    assert response.status_code == 429
    html = response.content.decode()
    assert "Anmeldung vorübergehend gesperrt" not in html
    assert "auch nicht mit dem richtigen Passwort" not in html
    assert str(settings.AXES_FAILURE_LIMIT) in html


@pytest.mark.django_db
@pytest.mark.parametrize("language", SHELL_LANGUAGES)
def test_second_factor_page_at_sign_in_is_translated(client, network, language):
    choose(client, language)
    response = post_login(client, network.caseworker.email)
    assert response.status_code == 302
    assert response["Location"] == MFA_URL
    html = client.get(MFA_URL).content.decode()
    heading = text_of(html, "h1")
    assert heading
    assert heading not in {"Zwei-Faktor-Authentifizierung", "Two-Factor Authentication"}


@pytest.mark.django_db
def test_english_dashboard_has_english_navigation(client, network):
    client.force_login(network.coordinator)
    choose(client, "en", "/uebersicht/")
    html = client.get("/uebersicht/").content.decode()
    nav = re.search(r'<nav class="site-nav".*?</nav>', html, re.S)
    assert nav
    labels = [
        " ".join(label.split())
        for label in re.findall(r'class="site-nav__link"[^>]*>(.*?)</a>', nav.group(0), re.S)
    ]
    assert "My overview" in labels
    assert {"Network", "Exchange", "Referrals", "Surveys", "Training"} <= set(labels)
    assert "Meine Übersicht" not in labels
    assert 'aria-label="Main navigation"' in nav.group(0)
    assert "Sign out" in html
    assert "Abmelden" not in html


# --- The catalogues -----------------------------------------------------------------------


def all_locales() -> list[str]:
    return sorted(path.name for path in LOCALE_DIR.iterdir() if (path / "LC_MESSAGES").is_dir())


def test_every_language_has_a_catalogue():
    expected = {to_locale(code) for code, _name in settings.LANGUAGES} - {"de"}
    assert expected <= set(all_locales())


@pytest.mark.parametrize("locale", sorted(PLURAL_FORMS))
def test_catalogue_compiles_with_correct_plurals_and_placeholders(locale):
    catalog = catalogue(locale)
    assert catalog.num_plurals == PLURAL_FORMS[locale]
    write_mo(io.BytesIO(), catalog, use_fuzzy=False)
    for message in messages(catalog):
        if not is_translated(message):
            continue
        sources = message.id if isinstance(message.id, tuple | list) else (message.id,)
        strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
        if isinstance(message.id, tuple | list):
            assert len(strings) == PLURAL_FORMS[locale], message.id
        wanted = sorted(set(PLACEHOLDER.findall(sources[-1])))
        singular = sorted(set(PLACEHOLDER.findall(sources[0])))
        single_forms = forms_for_exactly_one_number(catalog) if len(sources) > 1 else set()
        for index, string in enumerate(strings):
            found = sorted(set(PLACEHOLDER.findall(string)))
            if index in single_forms and found == singular:
                # "in der nächsten Woche": a form used for one number alone may leave the
                # number out, as the German singular does.
                continue
            assert found == wanted, (locale, message.id)


def forms_for_exactly_one_number(catalog: Catalog) -> set[int]:
    """Plural forms that the catalogue's rule picks for a single n only (Arabic n == 2, ...)."""
    rule = gettext.c2py(catalog.plural_expr)
    numbers: dict[int, list[int]] = {}
    for n in range(1000):
        numbers.setdefault(rule(n), []).append(n)
    return {form for form, ns in numbers.items() if len(ns) == 1}


@pytest.mark.parametrize("locale", sorted(PLURAL_FORMS))
def test_no_fuzzy_guesses_are_left(locale):
    """makemessages marks near matches as fuzzy; those guesses are wrong more often than not."""
    fuzzy = [message.id for message in messages(catalogue(locale)) if "fuzzy" in message.flags]
    assert fuzzy == []


def test_english_catalogue_is_complete():
    catalog = catalogue("en")
    untranslated = [message.id for message in messages(catalog) if not is_translated(message)]
    assert untranslated == []
    assert len(messages(catalog)) > 300


def shell_msgids() -> set:
    """Entries used only by the public-shell templates (ui/ and accounts/ templates)."""
    found = set()
    for message in messages(catalogue("en")):
        files = {location[0] for location in message.locations}
        if files and all(name.startswith(SHELL_TEMPLATE_DIRS) for name in files):
            found.add(message.id if isinstance(message.id, str) else tuple(message.id))
    return found


@pytest.mark.parametrize("language", SHELL_LANGUAGES)
def test_public_shell_is_translated_in_every_shell_language(language):
    wanted = shell_msgids()
    assert len(wanted) > 100
    catalog = catalogue(to_locale(language))
    missing = []
    for msgid in sorted(wanted, key=str):
        message = catalog.get(msgid)
        if message is None or not is_translated(message):
            missing.append(msgid)
    assert missing == []


@pytest.mark.parametrize("language", SHELL_LANGUAGES)
def test_language_names_are_translated(language):
    catalog = catalogue(to_locale(language))
    with translation.override(None):
        msgids = [str(name) for _code, name in settings.LANGUAGES]
    assert "Deutsch" in msgids
    for name in msgids:
        message = catalog.get(name)
        assert message is not None and is_translated(message), name


def public_directory_msgids() -> set:
    """Entries used only by the public directory pages (and the suggestion form, once it exists)."""
    places = [PUBLIC_DIRECTORY_TEMPLATES, *PUBLIC_DIRECTORY_VIEWS]
    if (Path(settings.BASE_DIR) / SUBMIT_TEMPLATES).is_dir():
        places.append(SUBMIT_TEMPLATES)
    found = set()
    for message in messages(catalogue("en")):
        files = {location[0] for location in message.locations}
        if files and all(name.startswith(tuple(places)) for name in files):
            found.add(message.id if isinstance(message.id, str) else tuple(message.id))
    return found


@pytest.mark.parametrize("language", SHELL_LANGUAGES)
def test_public_directory_is_translated_in_every_shell_language(language):
    wanted = public_directory_msgids()
    if not wanted:
        pytest.skip("the public directory has no templates with strings yet")
    catalog = catalogue(to_locale(language))
    missing = []
    for msgid in sorted(wanted, key=str):
        message = catalog.get(msgid)
        if message is None or not is_translated(message):
            missing.append(msgid)
    assert missing == []


@pytest.mark.django_db
@pytest.mark.parametrize("language", SHELL_LANGUAGES)
def test_directory_home_shows_topic_tiles_in_the_chosen_language(client, language):
    from directory.tests.factories import OfferFactory
    from districts.tests.factories import DistrictFactory
    from districts.vocabulary import DirectoryTopic as Topic

    district = DistrictFactory()
    OfferFactory(district=district, topics=[Topic.HEALTH.value])
    url = reverse("public:home", kwargs={"district_slug": district.slug, "lang": language})
    response = client.get(url)
    assert response.status_code == 200
    page = parse(response)
    assert page.first("html").attrs["lang"] == language
    assert page.first("html").attrs["dir"] == ("rtl" if language in RTL else "ltr")

    html = response.content.decode()
    labels = span_texts(html, "public-tile__label")
    catalog = catalogue(to_locale(language))
    with translation.override(None):
        german = [str(label) for _value, label in Topic.choices]
    expected = [catalog.get(label).string for label in german]
    assert labels == expected
    assert not set(labels) & set(german)

    counts = span_texts(html, "public-tile__count")
    assert len(counts) == len(german)
    assert not any("Angebot" in count for count in counts)
    assert "Angebote für Zugewanderte" not in html
    assert "Wonach suchen Sie?" not in html
