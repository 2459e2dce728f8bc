"""The capabilities whose app is not built yet: each has an honest "kommt bald" page.

When the app arrives, it registers its capability under the same slug from its own
`AppConfig.ready()` and the announcement below gives way (see `ui.registry`); delete the entry
then.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ui.registry import announce_capability


def announce() -> None:
    announce_capability(
        "referrals",
        _("Verweisungen"),
        path="verweisungen/",
        order=40,
        summary=_(
            "Verweisberatung: Eine Fachkraft hält fest, was eine Person braucht; Lotse schlägt "
            "die zuständigen Stellen und passende Angebote vor. Die Verweisung geht erst an "
            "die aufnehmende Stelle, wenn die Einwilligung der Person vorliegt, und "
            "durchläuft die Schritte gesendet, angenommen oder abgelehnt, abgeschlossen. "
            "Nur Fachkräfte mit Berechtigung zur Fallarbeit in den beiden beteiligten "
            "Organisationen sehen sie."
        ),
    )
    announce_capability(
        "monitoring",
        _("Monitoring"),
        path="monitoring/",
        order=50,
        summary=_(
            "Integrationsmonitoring und Integrationskonzept: ein Katalog von Kennzahlen, "
            "Messwerte je Gebiet und Zeitraum (aus Daten der Statistikämter oder aus Lotse "
            "selbst), Ziele mit Ampelstatus, die Maßnahmen des Integrationskonzepts, der "
            "Vergleich mit den Nachbarkreisen und ein Statusbericht als PDF. Gruppen mit "
            "weniger als fünf Personen werden nie ausgewiesen."
        ),
    )
    announce_capability(
        "surveys",
        _("Befragungen"),
        path="befragungen/",
        order=60,
        summary=_(
            "Mehrsprachige Fragebögen, auch in Sprachen mit Schrift von rechts nach links, "
            "mit anonymen Links und QR-Codes für Aushänge, Ergebnisse als Diagramme und "
            "Tabellen sowie Export. Gruppen mit weniger als fünf Antworten werden nicht "
            "ausgewiesen; gespeichert werden weder IP-Adresse noch Browserkennung."
        ),
    )
    announce_capability(
        "trainings",
        _("Schulungen"),
        path="schulungen/",
        order=70,
        summary=_(
            "Interkulturelle Schulungen für Mitarbeitende der Mitgliedsorganisationen mit "
            "Terminen, Anmeldung, Anwesenheit, Teilnahmebescheinigungen und Auswertung je "
            "Organisation, Schulungen für Ehrenamtliche sowie die Kursgruppen der "
            "Integrationskurse mit Teilnehmenden, Niveau, Fortschritt und Abschlüssen."
        ),
    )
