"""Staff pages of the directory (/angebote/): editing, translation, moderation, settings."""

from django.urls import URLPattern, path

from .views import entries, integreat, moderation, offers, staff, translations

app_name = "directory"

_TRANSLATION = "sprachen/<str:lang>/"

urlpatterns: list[URLPattern] = [
    path("", offers.offer_list, name="index"),
    path("neu/", offers.offer_create, name="offer_create"),
    path("<int:pk>/", offers.offer_edit, name="offer_edit"),
    path("<int:pk>/status/", offers.offer_status, name="offer_status"),
    path("<int:pk>/bestaetigen/", offers.offer_confirm, name="offer_confirm"),
    path("<int:pk>/uebersetzen/", offers.offer_machine_translate, name="offer_machine_translate"),
    path(
        f"<int:pk>/{_TRANSLATION}",
        translations.translation_edit,
        {"kind": "offer"},
        name="offer_translation",
    ),
    path(
        f"<int:pk>/{_TRANSLATION}pruefen/",
        translations.translation_review,
        {"kind": "offer"},
        name="offer_translation_review",
    ),
    path("orte/", entries.place_list, name="place_list"),
    path("orte/neu/", entries.place_create, name="place_create"),
    path("orte/<int:pk>/", entries.place_edit, name="place_edit"),
    path("orte/<int:pk>/status/", entries.place_status, name="place_status"),
    path(
        "orte/<int:pk>/uebersetzen/",
        entries.place_machine_translate,
        name="place_machine_translate",
    ),
    path(
        f"orte/<int:pk>/{_TRANSLATION}",
        translations.translation_edit,
        {"kind": "place"},
        name="place_translation",
    ),
    path(
        f"orte/<int:pk>/{_TRANSLATION}pruefen/",
        translations.translation_review,
        {"kind": "place"},
        name="place_translation_review",
    ),
    path("termine/", entries.event_list, name="event_list"),
    path("termine/neu/", entries.event_create, name="event_create"),
    path("termine/<int:pk>/", entries.event_edit, name="event_edit"),
    path("termine/<int:pk>/status/", entries.event_status, name="event_status"),
    path(
        "termine/<int:pk>/uebersetzen/",
        entries.event_machine_translate,
        name="event_machine_translate",
    ),
    path(
        f"termine/<int:pk>/{_TRANSLATION}",
        translations.translation_edit,
        {"kind": "event"},
        name="event_translation",
    ),
    path(
        f"termine/<int:pk>/{_TRANSLATION}pruefen/",
        translations.translation_review,
        {"kind": "event"},
        name="event_translation_review",
    ),
    path("vorschlaege/", moderation.submission_list, name="submission_list"),
    path("vorschlaege/<int:pk>/", moderation.submission_detail, name="submission_detail"),
    path(
        "vorschlaege/<int:pk>/veroeffentlichen/",
        moderation.submission_decide,
        {"decision": "publish"},
        name="submission_publish",
    ),
    path(
        "vorschlaege/<int:pk>/ablehnen/",
        moderation.submission_decide,
        {"decision": "reject"},
        name="submission_reject",
    ),
    path("einstellungen/", staff.directory_settings, name="settings"),
    # Integreat import (coordinators), directory/views/integreat.py
    path("integreat/", integreat.integreat_upload, name="integreat_upload"),
    path("integreat/<str:token>/", integreat.integreat_preview, name="integreat_preview"),
    path(
        "integreat/<str:token>/importieren/",
        integreat.integreat_run,
        name="integreat_run",
    ),
]
