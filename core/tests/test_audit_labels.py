"""Every action code that any code path writes into the audit trail has a label in words.

The codes are read from the sources: string literals like "thread.close" on a line that assigns
or passes `action`, and the f-string templates the services build codes from, expanded with the
same constants they use. A new code (or a new template) without a label fails here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib import admin
from django.utils import translation

from core.audit_labels import ACTION_LABELS, ADMIN_VERBS, action_label
from districts.admin import AuditedAdmin

ROOT = Path(settings.BASE_DIR)
APPS = ("accounts", "core", "directory", "districts", "exchange", "network", "notifications", "ui")
ACTION_LINE = re.compile(r"\baction\s*=\s*(f?)\"")
CODE = re.compile(r"\"([a-z_]+\.[a-z_]+)\"")
TEMPLATE = re.compile(r"\baction\s*=\s*f\"([^\"]+)\"")


def _expansions() -> dict[str, set[str]]:
    """The f-string templates of the services, with every code they can produce."""
    from directory.services.entries import STATUS_ACTIONS, TEXT_KINDS
    from network.selectors.vocabulary import KINDS

    entries = set(TEXT_KINDS)  # offer, place, event
    vocabulary = {str(kind.model._meta.model_name) for kind in KINDS.values()}

    def codes(kinds: set[str], *verbs: str) -> set[str]:
        return {f"{kind}.{verb}" for kind in kinds for verb in verbs}

    return {
        "{kind_of(entry)}.translation_save": codes(entries, "translation_save"),
        "{kind_of(entry)}.translation_review": codes(entries, "translation_review"),
        "{kind_of(entry)}.{action}": codes(entries, *STATUS_ACTIONS),
        "{kind_of(entry)}.{'publish' if status == Status.PUBLISHED else 'reject'}": codes(
            entries, "publish", "reject"
        ),
        "{kind_of(entry)}.submit": codes(entries, "submit"),
        "{name}.machine_translation_request": codes(entries, "machine_translation_request"),
        "{name}.machine_translation": codes(entries, "machine_translation"),
        "{entry._meta.model_name}.create": codes(vocabulary, "create"),
        "{entry._meta.model_name}.rename": codes(vocabulary, "rename"),
        "{entry._meta.model_name}.directory": codes(vocabulary, "directory"),
        "{entry._meta.model_name}.move": codes(vocabulary, "move"),
        "{entry._meta.model_name}.delete": codes(vocabulary, "delete"),
        "{entry._meta.model_name}.{'reactivate' if is_active else 'deactivate'}": codes(
            vocabulary, "reactivate", "deactivate"
        ),
        # The operator's admin: labelled from the model's name (ADMIN_VERBS).
        "{obj._meta.model_name}.{verb}": set(),
    }


def _sources() -> list[Path]:
    files = []
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            parts = set(path.relative_to(ROOT).parts)
            if not parts & {"tests", "migrations"}:
                files.append(path)
    return files


def written_codes() -> tuple[set[str], set[str]]:
    """(the codes found, the f-string templates that are not known to this test)."""
    expansions = _expansions()
    found: set[str] = set()
    unknown: set[str] = set()
    for path in _sources():
        for line in path.read_text(encoding="utf-8").splitlines():
            if not ACTION_LINE.search(line) and "action = " not in line:
                continue
            found.update(CODE.findall(line))
            for template in TEMPLATE.findall(line):
                if template in expansions:
                    found.update(expansions[template])
                else:
                    unknown.add(f"{path.relative_to(ROOT)}: {template}")
    return found, unknown


def test_the_sources_are_read() -> None:
    found, _unknown = written_codes()
    # A few codes of every app: the scan itself is not broken.
    assert {"thread.close", "reply.create", "news.create", "offer.publish", "topic.rename"} <= found
    assert {"user.deactivate", "membership.create", "profile.update"} <= found
    assert len(found) > 120


def test_every_written_action_code_has_a_label() -> None:
    found, unknown = written_codes()
    assert unknown == set(), "new f-string action codes: expand them in _expansions()"
    assert sorted(found - ACTION_LABELS.keys()) == []


def test_admin_codes_are_labelled_with_the_model_name() -> None:
    audited = [
        model
        for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, AuditedAdmin)
    ]
    assert audited
    for model in audited:
        for verb in ADMIN_VERBS:
            label = action_label(f"{model._meta.model_name}.{verb}", model._meta.label_lower)
            assert str(model._meta.verbose_name) in label
            assert "Betriebsverwaltung" in label


@pytest.mark.parametrize(
    ("code", "german", "english"),
    [
        ("thread.close", "Diskussion geschlossen", "Discussion closed"),
        ("reply.create", "Antwort geschrieben", "Reply posted"),
        ("news.create", "Neuigkeit veröffentlicht", "News item published"),
    ],
)
def test_labels_follow_the_language(code: str, german: str, english: str) -> None:
    with translation.override("de"):
        assert action_label(code) == german
    with translation.override("en"):
        assert action_label(code) == english


def test_an_unknown_code_is_shown_as_it_is() -> None:
    assert action_label("something.new") == "something.new"
