"""Staff pages of the directory (/angebote/): editing, translation, moderation, settings."""

from django.urls import URLPattern, path

from . import views_integreat
from . import views_staff as views

app_name = "directory"

_TRANSLATION = "sprachen/<str:lang>/"

urlpatterns: list[URLPattern] = [
    path("", views.offer_list, name="index"),
    path("neu/", views.offer_create, name="offer_create"),
    path("<int:pk>/", views.offer_edit, name="offer_edit"),
    path("<int:pk>/status/", views.offer_status, name="offer_status"),
    path("<int:pk>/bestaetigen/", views.offer_confirm, name="offer_confirm"),
    path("<int:pk>/uebersetzen/", views.offer_machine_translate, name="offer_machine_translate"),
    path(
        f"<int:pk>/{_TRANSLATION}",
        views.translation_edit,
        {"kind": "offer"},
        name="offer_translation",
    ),
    path(
        f"<int:pk>/{_TRANSLATION}pruefen/",
        views.translation_review,
        {"kind": "offer"},
        name="offer_translation_review",
    ),
    path("orte/", views.place_list, name="place_list"),
    path("orte/neu/", views.place_create, name="place_create"),
    path("orte/<int:pk>/", views.place_edit, name="place_edit"),
    path("orte/<int:pk>/status/", views.place_status, name="place_status"),
    path(
        "orte/<int:pk>/uebersetzen/",
        views.place_machine_translate,
        name="place_machine_translate",
    ),
    path(
        f"orte/<int:pk>/{_TRANSLATION}",
        views.translation_edit,
        {"kind": "place"},
        name="place_translation",
    ),
    path(
        f"orte/<int:pk>/{_TRANSLATION}pruefen/",
        views.translation_review,
        {"kind": "place"},
        name="place_translation_review",
    ),
    path("termine/", views.event_list, name="event_list"),
    path("termine/neu/", views.event_create, name="event_create"),
    path("termine/<int:pk>/", views.event_edit, name="event_edit"),
    path("termine/<int:pk>/status/", views.event_status, name="event_status"),
    path(
        "termine/<int:pk>/uebersetzen/",
        views.event_machine_translate,
        name="event_machine_translate",
    ),
    path(
        f"termine/<int:pk>/{_TRANSLATION}",
        views.translation_edit,
        {"kind": "event"},
        name="event_translation",
    ),
    path(
        f"termine/<int:pk>/{_TRANSLATION}pruefen/",
        views.translation_review,
        {"kind": "event"},
        name="event_translation_review",
    ),
    path("vorschlaege/", views.submission_list, name="submission_list"),
    path("vorschlaege/<int:pk>/", views.submission_detail, name="submission_detail"),
    path(
        "vorschlaege/<int:pk>/veroeffentlichen/",
        views.submission_decide,
        {"decision": "publish"},
        name="submission_publish",
    ),
    path(
        "vorschlaege/<int:pk>/ablehnen/",
        views.submission_decide,
        {"decision": "reject"},
        name="submission_reject",
    ),
    path("einstellungen/", views.directory_settings, name="settings"),
    # Integreat import (coordinators), directory/views_integreat.py — added by the import helper
    path("integreat/", views_integreat.integreat_upload, name="integreat_upload"),
    path("integreat/<str:token>/", views_integreat.integreat_preview, name="integreat_preview"),
    path(
        "integreat/<str:token>/importieren/",
        views_integreat.integreat_run,
        name="integreat_run",
    ),
]
