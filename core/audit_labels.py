"""What an audit record's action code (`thread.close`, `reply.create` …) means, in words.

Services write codes that read like `<object>.<verb>`; people read "Diskussion geschlossen".
The message context "Protokoll" keeps these apart from the same words elsewhere.
Every code a service, an import or the demo data writes has a label here
(`core/tests/test_audit_labels.py` walks the sources and fails on a code without one). The
operator's admin writes `<model>.admin_create|admin_change|admin_delete` for any model, so those
are put together from the model's name.
"""

from __future__ import annotations

from django.apps import apps
from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

# The entries of the directory: offers, places and events share their verbs.
_ENTRY_LABELS: dict[str, dict[str, Promise]] = {
    "offer": {
        "create": pgettext_lazy("Protokoll", "Angebot angelegt"),
        "update": pgettext_lazy("Protokoll", "Angebot geändert"),
        "submit": pgettext_lazy("Protokoll", "Angebot vorgeschlagen"),
        "publish": pgettext_lazy("Protokoll", "Angebot veröffentlicht"),
        "unpublish": pgettext_lazy("Protokoll", "Angebot nicht mehr veröffentlicht"),
        "archive": pgettext_lazy("Protokoll", "Angebot archiviert"),
        "reject": pgettext_lazy("Protokoll", "Vorgeschlagenes Angebot abgelehnt"),
        "translation_save": pgettext_lazy("Protokoll", "Übersetzung eines Angebots gespeichert"),
        "translation_review": pgettext_lazy("Protokoll", "Übersetzung eines Angebots geprüft"),
        "machine_translation_request": pgettext_lazy(
            "Protokoll", "Maschinelle Übersetzung eines Angebots angefordert"
        ),
        "machine_translation": pgettext_lazy("Protokoll", "Angebot maschinell übersetzt"),
    },
    "place": {
        "create": pgettext_lazy("Protokoll", "Ort angelegt"),
        "update": pgettext_lazy("Protokoll", "Ort geändert"),
        "submit": pgettext_lazy("Protokoll", "Ort vorgeschlagen"),
        "publish": pgettext_lazy("Protokoll", "Ort veröffentlicht"),
        "unpublish": pgettext_lazy("Protokoll", "Ort nicht mehr veröffentlicht"),
        "archive": pgettext_lazy("Protokoll", "Ort archiviert"),
        "reject": pgettext_lazy("Protokoll", "Vorgeschlagener Ort abgelehnt"),
        "translation_save": pgettext_lazy("Protokoll", "Übersetzung eines Orts gespeichert"),
        "translation_review": pgettext_lazy("Protokoll", "Übersetzung eines Orts geprüft"),
        "machine_translation_request": pgettext_lazy(
            "Protokoll", "Maschinelle Übersetzung eines Orts angefordert"
        ),
        "machine_translation": pgettext_lazy("Protokoll", "Ort maschinell übersetzt"),
    },
    "event": {
        "create": pgettext_lazy("Protokoll", "Veranstaltung angelegt"),
        "update": pgettext_lazy("Protokoll", "Veranstaltung geändert"),
        "submit": pgettext_lazy("Protokoll", "Veranstaltung vorgeschlagen"),
        "publish": pgettext_lazy("Protokoll", "Veranstaltung veröffentlicht"),
        "unpublish": pgettext_lazy("Protokoll", "Veranstaltung nicht mehr veröffentlicht"),
        "archive": pgettext_lazy("Protokoll", "Veranstaltung archiviert"),
        "reject": pgettext_lazy("Protokoll", "Vorgeschlagene Veranstaltung abgelehnt"),
        "translation_save": pgettext_lazy(
            "Protokoll", "Übersetzung einer Veranstaltung gespeichert"
        ),
        "translation_review": pgettext_lazy("Protokoll", "Übersetzung einer Veranstaltung geprüft"),
        "machine_translation_request": pgettext_lazy(
            "Protokoll", "Maschinelle Übersetzung einer Veranstaltung angefordert"
        ),
        "machine_translation": pgettext_lazy("Protokoll", "Veranstaltung maschinell übersetzt"),
    },
}

# The network's vocabulary (network/services/vocabulary.py writes `<model name>.<verb>`).
_VOCABULARY_LABELS: dict[str, dict[str, Promise]] = {
    "topic": {
        "create": pgettext_lazy("Protokoll", "Handlungsfeld angelegt"),
        "rename": pgettext_lazy("Protokoll", "Handlungsfeld umbenannt"),
        "directory": pgettext_lazy("Protokoll", "Handlungsfeld im Wegweiser geändert"),
        "move": pgettext_lazy("Protokoll", "Handlungsfeld verschoben"),
        "deactivate": pgettext_lazy("Protokoll", "Handlungsfeld deaktiviert"),
        "reactivate": pgettext_lazy("Protokoll", "Handlungsfeld wieder aktiviert"),
        "delete": pgettext_lazy("Protokoll", "Handlungsfeld gelöscht"),
    },
    "targetgroup": {
        "create": pgettext_lazy("Protokoll", "Zielgruppe angelegt"),
        "rename": pgettext_lazy("Protokoll", "Zielgruppe umbenannt"),
        "directory": pgettext_lazy("Protokoll", "Zielgruppe im Wegweiser geändert"),
        "move": pgettext_lazy("Protokoll", "Zielgruppe verschoben"),
        "deactivate": pgettext_lazy("Protokoll", "Zielgruppe deaktiviert"),
        "reactivate": pgettext_lazy("Protokoll", "Zielgruppe wieder aktiviert"),
        "delete": pgettext_lazy("Protokoll", "Zielgruppe gelöscht"),
    },
}

ACTION_LABELS: dict[str, Promise] = {
    # accounts
    "user.create": pgettext_lazy("Protokoll", "Konto angelegt"),
    "user.update_profile": pgettext_lazy("Protokoll", "Eigene Angaben geändert"),
    "user.deactivate": pgettext_lazy("Protokoll", "Konto deaktiviert"),
    "user.reactivate": pgettext_lazy("Protokoll", "Konto wieder aktiviert"),
    "user.link_single_sign_on": pgettext_lazy(
        "Protokoll", "Anmeldung über Single Sign-on verknüpft"
    ),
    "authenticator.create": pgettext_lazy("Protokoll", "Zweiter Faktor eingerichtet"),
    # districts
    "district.create": pgettext_lazy("Protokoll", "Kreis-Netzwerk angelegt"),
    "organisation.create": pgettext_lazy("Protokoll", "Organisation angelegt"),
    "organisation.update": pgettext_lazy("Protokoll", "Organisation geändert"),
    "organisation.activate": pgettext_lazy("Protokoll", "Organisation aktiviert"),
    "organisation.deactivate": pgettext_lazy("Protokoll", "Organisation deaktiviert"),
    "organisation.import": pgettext_lazy("Protokoll", "Organisation importiert"),
    "municipality.create": pgettext_lazy("Protokoll", "Gemeinde angelegt"),
    "municipality.update": pgettext_lazy("Protokoll", "Gemeinde geändert"),
    "municipality.delete": pgettext_lazy("Protokoll", "Gemeinde gelöscht"),
    "membership.create": pgettext_lazy("Protokoll", "Mitgliedschaft angelegt"),
    "membership.update": pgettext_lazy("Protokoll", "Mitgliedschaft geändert"),
    "membership.deactivate": pgettext_lazy("Protokoll", "Mitgliedschaft beendet"),
    "membership.reactivate": pgettext_lazy("Protokoll", "Mitgliedschaft wieder aufgenommen"),
    "invitation.create": pgettext_lazy("Protokoll", "Einladung verschickt"),
    "invitation.resend": pgettext_lazy("Protokoll", "Einladung erneut verschickt"),
    "invitation.revoke": pgettext_lazy("Protokoll", "Einladung zurückgezogen"),
    "invitation.accept": pgettext_lazy("Protokoll", "Einladung angenommen"),
    # network
    "profile.create": pgettext_lazy("Protokoll", "Steckbrief angelegt"),
    "profile.update": pgettext_lazy("Protokoll", "Steckbrief geändert"),
    "profile.translation_save": pgettext_lazy(
        "Protokoll", "Übersetzung eines Steckbriefs gespeichert"
    ),
    "profile.translation_delete": pgettext_lazy(
        "Protokoll", "Übersetzung eines Steckbriefs gelöscht"
    ),
    "profile.translations_outdated": pgettext_lazy(
        "Protokoll", "Übersetzungen eines Steckbriefs veraltet"
    ),
    "contact.create": pgettext_lazy("Protokoll", "Ansprechperson angelegt"),
    "contact.update": pgettext_lazy("Protokoll", "Ansprechperson geändert"),
    "contact.delete": pgettext_lazy("Protokoll", "Ansprechperson gelöscht"),
    "contact.import": pgettext_lazy("Protokoll", "Ansprechperson importiert"),
    "relation.create": pgettext_lazy("Protokoll", "Beziehung angelegt"),
    "relation.update": pgettext_lazy("Protokoll", "Beziehung geändert"),
    "relation.delete": pgettext_lazy("Protokoll", "Beziehung gelöscht"),
    "relation.import": pgettext_lazy("Protokoll", "Beziehung importiert"),
    "agreement.create": pgettext_lazy("Protokoll", "Kooperationsvereinbarung angelegt"),
    "agreement.update": pgettext_lazy("Protokoll", "Kooperationsvereinbarung geändert"),
    "agreement.set_status": pgettext_lazy(
        "Protokoll", "Status einer Kooperationsvereinbarung geändert"
    ),
    "agreement.document_add": pgettext_lazy(
        "Protokoll", "Dokument zu einer Kooperationsvereinbarung hinzugefügt"
    ),
    "agreement.remind": pgettext_lazy(
        "Protokoll", "Erinnerung an eine Kooperationsvereinbarung verschickt"
    ),
    "outreach_entry.create": pgettext_lazy("Protokoll", "Eintrag im Dialog angelegt"),
    "outreachentry.create": pgettext_lazy("Protokoll", "Eintrag im Dialog angelegt"),
    "outreach_entry.update": pgettext_lazy("Protokoll", "Eintrag im Dialog geändert"),
    "outreach_entry.complete_step": pgettext_lazy("Protokoll", "Schritt im Dialog erledigt"),
    "vocabulary.seed_defaults": pgettext_lazy(
        "Protokoll", "Handlungsfelder und Zielgruppen vorbelegt"
    ),
    "network.export": pgettext_lazy("Protokoll", "Netzwerk exportiert"),
    "import.upload": pgettext_lazy("Protokoll", "Importdatei hochgeladen"),
    "import.map": pgettext_lazy("Protokoll", "Spalten des Imports zugeordnet"),
    "import.start": pgettext_lazy("Protokoll", "Import gestartet"),
    "import.run": pgettext_lazy("Protokoll", "Import ausgeführt"),
    "import.discard": pgettext_lazy("Protokoll", "Import verworfen"),
    # exchange
    "news.create": pgettext_lazy("Protokoll", "Neuigkeit veröffentlicht"),
    "news.update": pgettext_lazy("Protokoll", "Neuigkeit geändert"),
    "news.delete": pgettext_lazy("Protokoll", "Neuigkeit gelöscht"),
    "news.pin": pgettext_lazy("Protokoll", "Neuigkeit angeheftet"),
    "news.unpin": pgettext_lazy("Protokoll", "Neuigkeit nicht mehr angeheftet"),
    "news.comment": pgettext_lazy("Protokoll", "Kommentar geschrieben"),
    "news.comment_update": pgettext_lazy("Protokoll", "Kommentar geändert"),
    "news.comment_delete": pgettext_lazy("Protokoll", "Kommentar gelöscht"),
    "news.attachment_add": pgettext_lazy("Protokoll", "Anhang hinzugefügt"),
    "news.attachment_remove": pgettext_lazy("Protokoll", "Anhang entfernt"),
    "news.image_add": pgettext_lazy("Protokoll", "Bild hinzugefügt"),
    "news.image_remove": pgettext_lazy("Protokoll", "Bild entfernt"),
    "thread.create": pgettext_lazy("Protokoll", "Diskussion begonnen"),
    "thread.update": pgettext_lazy("Protokoll", "Diskussion geändert"),
    "thread.close": pgettext_lazy("Protokoll", "Diskussion geschlossen"),
    "thread.reopen": pgettext_lazy("Protokoll", "Diskussion wieder geöffnet"),
    "thread.solution": pgettext_lazy("Protokoll", "Antwort als Lösung markiert"),
    "thread.solution_remove": pgettext_lazy("Protokoll", "Markierung als Lösung entfernt"),
    "thread.subscribe": pgettext_lazy("Protokoll", "Diskussion abonniert"),
    "thread.unsubscribe": pgettext_lazy("Protokoll", "Diskussion abbestellt"),
    "reply.create": pgettext_lazy("Protokoll", "Antwort geschrieben"),
    "reply.update": pgettext_lazy("Protokoll", "Antwort geändert"),
    "reply.delete": pgettext_lazy("Protokoll", "Antwort gelöscht"),
    "library.folder_create": pgettext_lazy("Protokoll", "Ordner angelegt"),
    "library.folder_update": pgettext_lazy("Protokoll", "Ordner geändert"),
    "library.folder_move": pgettext_lazy("Protokoll", "Ordner verschoben"),
    "library.folder_delete": pgettext_lazy("Protokoll", "Ordner gelöscht"),
    "library.document_create": pgettext_lazy("Protokoll", "Dokument hochgeladen"),
    "library.document_update": pgettext_lazy("Protokoll", "Dokument geändert"),
    "library.document_version_add": pgettext_lazy(
        "Protokoll", "Neue Version eines Dokuments hochgeladen"
    ),
    "library.document_delete": pgettext_lazy("Protokoll", "Dokument gelöscht"),
    "meeting.create": pgettext_lazy("Protokoll", "Treffen angelegt"),
    "meeting.update": pgettext_lazy("Protokoll", "Treffen geändert"),
    "meeting.cancel": pgettext_lazy("Protokoll", "Treffen abgesagt"),
    "meeting.register": pgettext_lazy("Protokoll", "Zu einem Treffen angemeldet"),
    "meeting.unregister": pgettext_lazy("Protokoll", "Von einem Treffen abgemeldet"),
    "meeting.promote": pgettext_lazy("Protokoll", "Von der Warteliste nachgerückt"),
    "meeting.attendance": pgettext_lazy("Protokoll", "Teilnahme an einem Treffen erfasst"),
    "meeting.minutes_upload": pgettext_lazy("Protokoll", "Protokoll eines Treffens hochgeladen"),
    "meeting.task_create": pgettext_lazy("Protokoll", "Aufgabe angelegt"),
    "meeting.task_update": pgettext_lazy("Protokoll", "Aufgabe geändert"),
    "meeting.task_done": pgettext_lazy("Protokoll", "Aufgabe erledigt"),
    "meeting.task_reopen": pgettext_lazy("Protokoll", "Aufgabe wieder geöffnet"),
    "meeting.feed_token_create": pgettext_lazy("Protokoll", "Kalender-Abo eingerichtet"),
    "meeting.feed_token_renew": pgettext_lazy("Protokoll", "Kalender-Abo erneuert"),
    "meeting.feed_token_revoke": pgettext_lazy("Protokoll", "Kalender-Abo beendet"),
    # directory
    "directory_settings.update": pgettext_lazy(
        "Protokoll", "Einstellungen des Verzeichnisses geändert"
    ),
    "directory.integreat_import": pgettext_lazy("Protokoll", "Daten aus Integreat importiert"),
    "offer.confirm_current": pgettext_lazy("Protokoll", "Angebot als aktuell bestätigt"),
    "submission.create": pgettext_lazy("Protokoll", "Vorschlag eingegangen"),
    # notifications
    "notification_preference.update": pgettext_lazy("Protokoll", "Benachrichtigungen eingestellt"),
    "notification_preference.unsubscribe": pgettext_lazy(
        "Protokoll", "Benachrichtigungen abbestellt"
    ),
    **{
        f"{kind}.{verb}": label
        for group in (_ENTRY_LABELS, _VOCABULARY_LABELS)
        for kind, verbs in group.items()
        for verb, label in verbs.items()
    },
}

# The operator's admin (districts/admin.py, AuditedAdmin): `<model name>.<verb>`.
ADMIN_VERBS: dict[str, Promise] = {
    "admin_create": pgettext_lazy("Protokoll", "%(object)s in der Betriebsverwaltung angelegt"),
    "admin_change": pgettext_lazy("Protokoll", "%(object)s in der Betriebsverwaltung geändert"),
    "admin_delete": pgettext_lazy("Protokoll", "%(object)s in der Betriebsverwaltung gelöscht"),
}


def _model_name(object_type: str) -> str:
    """The verbose name of `app_label.model` (AuditEvent.object_type), or "Eintrag"."""
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return str(pgettext_lazy("Protokoll", "Eintrag"))
    return str(model._meta.verbose_name)


def action_label(action: str, object_type: str = "") -> str:
    """The action in words, in the active language; an unknown code is shown as it is."""
    if action in ACTION_LABELS:
        return str(ACTION_LABELS[action])
    verb = action.rpartition(".")[2]
    if verb in ADMIN_VERBS:
        return str(ADMIN_VERBS[verb]) % {"object": _model_name(object_type)}
    return action
