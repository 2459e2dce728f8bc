"""Planning and writing an import: duplicate detection and the all-or-nothing write.

`build_plan` decides for every row what happens (create, merge, skip, invalid) and is used both
for the preview and, again against the data as it is then, by the background task.
`apply_plan` writes in one transaction; any error rolls everything back.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.audit import audit, diff, snapshot
from districts.models import District, Organisation

from ..models import Contact, Profile, Relation
from .mapping import header_for
from .validation import Problem, Row, Vocabulary, validate_row

SIMILARITY = 0.9
ORG_FIELDS = ("kind", "municipality", "email", "phone", "website")
PROFILE_FIELDS = ("description", "street", "postcode", "city")
CONTACT_VALUES = {
    "contact_name": "name",
    "contact_function": "function",
    "contact_email": "email",
    "contact_phone": "phone",
}
CREATE, MERGE, SKIP, NEW, INVALID = "create", "merge", "skip", "new", "invalid"
Progress = Callable[[int], None]


class ImportAborted(Exception):
    """A row could not be written: the whole import is rolled back."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("import aborted")
        self.problems = problems


def normalise_name(name: str) -> str:
    """For comparing names: no legal-form suffixes such as "e.V.", case or punctuation."""
    text = unicodedata.normalize("NFKC", name).lower().replace("ß", "ss")
    text = re.sub(r"\be\s*\.?\s*v\s*\.?(?=\s|$|[,;)])", " ", text)
    text = re.sub(r"\bg?gmbh\b", " ", text)
    text = re.sub(r"[^\w]+", " ", text)
    return " ".join(text.split())


def normalise_website(url: str) -> str:
    text = url.strip().lower()
    text = re.sub(r"^https?://", "", text)
    text = re.sub(r"^www\.", "", text)
    return text.rstrip("/")


@dataclass
class Match:
    """The organisation a row is a duplicate of: an existing one (pk) or an earlier row."""

    reason: str  # email, website, name, similar
    name: str
    pk: int | None = None
    row: int | None = None
    ratio: float = 1.0

    @property
    def reason_label(self) -> str:
        labels = {
            "email": _("gleiche E-Mail-Adresse"),
            "website": _("gleiche Website"),
            "name": _("gleicher Name"),
            "similar": _("ähnlicher Name (%(percent)d %%)") % {"percent": round(self.ratio * 100)},
        }
        return labels[self.reason]


@dataclass
class PlannedRow:
    row: Row
    action: str
    match: Match | None = None


@dataclass
class Plan:
    rows: list[PlannedRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(1 for planned in self.rows if planned.action == action)

    @property
    def duplicates(self) -> list[PlannedRow]:
        return [p for p in self.rows if p.match is not None and p.action != INVALID]


class _Index:
    """Where a row's organisation may already be: existing ones and those planned before it."""

    def __init__(self, organisations: Sequence[Any]) -> None:
        self.by_email: dict[str, Match] = {}
        self.by_website: dict[str, Match] = {}
        self.by_name: dict[str, Match] = {}
        self.existing: list[tuple[str, Match]] = []
        for pk, name, email, website in organisations:
            self.add(Match("", name, pk=pk), email, website, existing=True)

    def add(self, target: Match, email: str, website: str, *, existing: bool = False) -> None:
        key = normalise_name(target.name)
        if email:
            self.by_email.setdefault(email.lower(), target)
        if website:
            self.by_website.setdefault(normalise_website(website), target)
        if key:
            self.by_name.setdefault(key, target)
            if existing:
                self.existing.append((key, target))

    def find(self, values: Mapping[str, Any]) -> Match | None:
        found = [
            ("email", self.by_email.get(values.get("email") or "")),
            ("website", self.by_website.get(normalise_website(values.get("website") or "") or "-")),
            ("name", self.by_name.get(normalise_name(values.get("name") or ""))),
        ]
        for reason, target in found:
            if target is not None:
                return Match(reason, target.name, pk=target.pk, row=target.row)
        return self._similar(normalise_name(values.get("name") or ""))

    def _similar(self, key: str) -> Match | None:
        if not key:
            return None
        best: tuple[float, Match] | None = None
        matcher = difflib.SequenceMatcher(a=key, autojunk=False)
        for other, target in self.existing:
            # The ratio cannot reach the threshold when the lengths differ too much.
            if 2 * min(len(key), len(other)) < SIMILARITY * (len(key) + len(other)):
                continue
            matcher.set_seq2(other)
            if matcher.real_quick_ratio() < SIMILARITY or matcher.quick_ratio() < SIMILARITY:
                continue
            ratio = matcher.ratio()
            if ratio >= SIMILARITY and (best is None or ratio > best[0]):
                best = (ratio, target)
        if best is None:
            return None
        return Match("similar", best[1].name, pk=best[1].pk, ratio=best[0])


def build_plan(
    *,
    district: District,
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    mapping: Mapping[str, str],
    decisions: Mapping[str, str],
    progress: Progress | None = None,
) -> Plan:
    vocabulary = Vocabulary(district)
    existing = Organisation.objects.for_district(district).values_list(
        "pk", "name", "email", "website"
    )
    index = _Index(list(existing))
    plan = Plan()
    checked = [validate_row(int(n), cells, headers, mapping, vocabulary) for n, cells in rows]
    names_in_file = {normalise_name(r.values.get("name", "")) for r in checked if not r.problems}
    for position, row in enumerate(checked, start=1):
        sponsor = row.values.get("sponsor")
        if sponsor and not row.problems:
            key = normalise_name(sponsor)
            if key not in index.by_name and key not in names_in_file:
                row.problems.append(
                    Problem(
                        row.number,
                        header_for(headers, mapping, "sponsor"),
                        _(
                            "Den Träger „%(value)s“ gibt es im Netzwerk nicht; legen Sie ihn an "
                            "oder nehmen Sie ihn in die Tabelle auf."
                        )
                        % {"value": sponsor},
                    )
                )
        if row.problems:
            plan.rows.append(PlannedRow(row, INVALID))
            plan.problems.extend(row.problems)
        else:
            plan.rows.append(_decide(row, index, decisions))
        if progress is not None and position % 200 == 0:
            progress(position)
    return plan


def _decide(row: Row, index: _Index, decisions: Mapping[str, str]) -> PlannedRow:
    match = index.find(row.values)
    if match is None:
        action = CREATE
    else:
        choice = decisions.get(str(row.number), MERGE)
        if choice == SKIP:
            action = SKIP
        elif choice == NEW and match.reason == "similar":
            action = CREATE
        else:
            action = MERGE
    if action == CREATE:
        index.add(
            Match("", row.values["name"], row=row.number),
            row.values.get("email", ""),
            row.values.get("website", ""),
        )
    return PlannedRow(row, action, match)


# --- Writing --------------------------------------------------------------------------------


@dataclass
class Outcome:
    created: int = 0
    merged: int = 0
    unchanged: int = 0
    skipped: int = 0
    failed: int = 0
    contacts: int = 0
    relations: int = 0

    def as_json(self) -> dict[str, int]:
        return dict(self.__dict__)


def apply_plan(
    *, plan: Plan, district: District, actor: Any, progress: Progress | None = None
) -> Outcome:
    """Write the plan. The caller holds the transaction; ImportAborted means roll back."""
    outcome = Outcome()
    organisations = {o.pk: o for o in Organisation.objects.for_district(district)}
    profiles = {p.organisation_id: p for p in Profile.objects.for_district(district)}
    contacts: dict[int, list[Contact]] = {}
    for contact in Contact.objects.for_district(district):
        contacts.setdefault(contact.organisation_id, []).append(contact)
    created_by_row: dict[int, Organisation] = {}
    sponsored: list[tuple[PlannedRow, Organisation]] = []
    for position, planned in enumerate(plan.rows, start=1):
        row = planned.row
        try:
            if planned.action == INVALID:
                outcome.failed += 1
                continue
            if planned.action == SKIP:
                outcome.skipped += 1
                continue
            if planned.action == CREATE:
                organisation = _create(row, district, actor)
                created_by_row[row.number] = organisation
                organisations[organisation.pk] = organisation
                changed = True
                outcome.created += 1
            else:
                match = planned.match
                assert match is not None  # noqa: S101 - MERGE always has a match
                organisation = (
                    created_by_row[match.row] if match.row is not None else organisations[match.pk]  # type: ignore[index]
                )
                changed = _merge(row, organisation, profiles, actor)
            if row.has_contact and _contact(row, organisation, contacts, actor):
                outcome.contacts += 1
                changed = True
            if planned.action == MERGE:
                if changed:
                    outcome.merged += 1
                else:
                    outcome.unchanged += 1
            if row.values.get("sponsor"):
                sponsored.append((planned, organisation))
        except ValidationError as exc:
            raise ImportAborted(_problems(row.number, exc)) from exc
        if progress is not None and position % 100 == 0:
            progress(position)
    by_name = {normalise_name(o.name): o for o in organisations.values()}
    for planned, organisation in sponsored:
        sponsor = by_name.get(normalise_name(planned.row.values["sponsor"]))
        if sponsor is None or sponsor.pk == organisation.pk:
            raise ImportAborted(
                [Problem(planned.row.number, _("Träger"), _("Der Träger wurde nicht gefunden."))]
            )
        relation, made = Relation.objects.get_or_create(
            district=district,
            source=sponsor,
            target=organisation,
            kind=Relation.Kind.SPONSORSHIP,
        )
        if made:
            outcome.relations += 1
            audit(
                actor=actor,
                action="relation.import",
                obj=relation,
                changes={"source": [None, sponsor.name], "target": [None, organisation.name]},
            )
    return outcome


def _problems(number: int, exc: ValidationError) -> list[Problem]:
    if hasattr(exc, "error_dict"):
        return [
            Problem(number, str(name), " ".join(ValidationError(errors).messages))
            for name, errors in exc.error_dict.items()
        ]
    return [Problem(number, "–", " ".join(exc.messages))]


def _create(row: Row, district: District, actor: Any) -> Organisation:
    values = row.values
    organisation = Organisation(
        district=district,
        name=values["name"],
        kind=values.get("kind") or Organisation.Kind.OTHER,
        municipality=values.get("municipality"),
        email=values.get("email", ""),
        phone=values.get("phone", ""),
        website=values.get("website", ""),
    )
    # The plan has matched the name against the district already; the database's unique
    # constraint stays the last guard (an IntegrityError rolls the whole import back).
    organisation.full_clean(validate_unique=False, validate_constraints=False)
    organisation.save()
    fields = ["name", "kind", "municipality", "email", "phone", "website"]
    changes: dict[str, Any] = {
        name: [None, value] for name, value in snapshot(organisation, fields).items() if value
    }
    profile_values = {key: values[key] for key in PROFILE_FIELDS if values.get(key)}
    if profile_values or values.get("topics"):
        profile = Profile(district=district, organisation=organisation, **profile_values)
        profile.full_clean(validate_unique=False, validate_constraints=False)
        profile.save()
        if values.get("topics"):
            profile.topics.add(*values["topics"])
            changes["topics"] = [None, sorted(t.name for t in values["topics"])]
        changes.update({key: [None, value] for key, value in profile_values.items()})
    audit(actor=actor, action="organisation.import", obj=organisation, changes=changes)
    return organisation


def _merge(row: Row, organisation: Organisation, profiles: dict[int, Profile], actor: Any) -> bool:
    """Fill in what the row says; empty cells keep what is there. True when anything changed."""
    values = row.values
    org_fields = [key for key in ORG_FIELDS if values.get(key)]
    before = snapshot(organisation, org_fields)
    for key in org_fields:
        setattr(organisation, key, values[key])
    changes = diff(organisation, org_fields, before)
    if changes:
        organisation.full_clean()
        organisation.save(update_fields=list(changes))
    profile_fields = [key for key in PROFILE_FIELDS if values.get(key)]
    topics = values.get("topics") or []
    if profile_fields or topics:
        profile = profiles.get(organisation.pk)
        if profile is None:
            profile = Profile(district=organisation.district, organisation=organisation)
            profiles[organisation.pk] = profile
        before = snapshot(profile, profile_fields)
        for key in profile_fields:
            setattr(profile, key, values[key])
        profile_changes = diff(profile, profile_fields, before)
        if profile_changes or profile.pk is None:
            profile.full_clean()
            profile.save()
        known = set(profile.topics.values_list("pk", flat=True))
        added = [topic for topic in topics if topic.pk not in known]
        if added:
            profile.topics.add(*added)
            profile_changes["topics"] = [None, sorted(t.name for t in added)]
        changes.update(profile_changes)
    if changes:
        audit(actor=actor, action="organisation.import", obj=organisation, changes=changes)
    return bool(changes)


def _contact(
    row: Row, organisation: Organisation, contacts: dict[int, list[Contact]], actor: Any
) -> bool:
    """Create or complete the row's contact person. True when anything changed."""
    values = {CONTACT_VALUES[key]: row.values.get(key, "") for key in CONTACT_VALUES}
    known = contacts.setdefault(organisation.pk, [])
    email = values["email"]
    contact = next(
        (c for c in known if email and c.email.lower() == email),
        next((c for c in known if c.name.lower() == values["name"].lower()), None),
    )
    if contact is None:
        contact = Contact(district=organisation.district, organisation=organisation, **values)
        contact.full_clean()
        contact.save()
        known.append(contact)
        audit(
            actor=actor,
            action="contact.import",
            obj=contact,
            changes={key: [None, value] for key, value in values.items() if value},
        )
        return True
    fields = [key for key, value in values.items() if value]
    before = snapshot(contact, fields)
    for key in fields:
        setattr(contact, key, values[key])
    changes = diff(contact, fields, before)
    if changes:
        contact.full_clean()
        contact.save(update_fields=list(changes))
        audit(actor=actor, action="contact.import", obj=contact, changes=changes)
    return bool(changes)
