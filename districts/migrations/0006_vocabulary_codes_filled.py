"""One meaning of "topic" and "target group": the network's district-editable entries and the
public directory's fixed codes become one list per district.

Every existing entry gets a code: the standard entries the codes the directory and its open API
have always used ("language", "work", …; matched by their network or directory wording), the
district's own entries a code made from their name. Every district gets the standard entries the
directory offers but the network's list lacked (e.g. "Freizeit & Begegnung", "Offen für alle"),
and an entry for any other code an offer carries, so every offer keeps every topic and target
group. Entries, ids and links all stay. The lists below are a frozen copy of
`districts/vocabulary.py` at the time of writing.
"""

from typing import Any

from django.db import migrations
from django.utils.text import slugify

# code: (staff name, position, in the directory, other wordings it was known by)
TOPICS: dict[str, tuple[str, int, bool, tuple[str, ...]]] = {
    "language": ("Sprache & Bildung", 10, True, ("Sprache",)),
    "work": ("Arbeit & Ausbildung", 20, True, ("Arbeit und Ausbildung",)),
    "recognition": ("Anerkennung ausländischer Abschlüsse", 30, False, ()),
    "housing": ("Wohnen", 40, True, ()),
    "health": ("Gesundheit", 50, True, ()),
    "family": ("Familie & Kinder", 60, True, ("Familie und Kinder",)),
    "residence": ("Recht & Aufenthalt", 70, True, ("Aufenthalt und Recht",)),
    "participation": ("Teilhabe & Ehrenamt", 80, False, ()),
    "leisure": ("Freizeit & Begegnung", 85, True, ("Freizeit und Begegnung",)),
    "counselling": ("Beratung", 90, True, ()),
    "intercultural-opening": ("Interkulturelle Öffnung", 100, False, ()),
}
TARGET_GROUPS: dict[str, tuple[str, int, bool, tuple[str, ...]]] = {
    "everyone": ("Offen für alle", 5, True, ()),
    "refugees": ("Geflüchtete", 10, True, ()),
    "eu": ("Neuzugewanderte aus der EU", 20, True, ("Zugewanderte aus der EU",)),
    "families": ("Familien", 30, True, ()),
    "children": ("Kinder und Jugendliche", 40, True, ()),
    "women": ("Frauen", 50, True, ()),
    "skilled": ("Fachkräfte aus dem Ausland", 60, True, ("Fachkräfte",)),
    "volunteers": ("Ehrenamtliche", 70, False, ()),
    "seniors": ("Ältere", 75, True, ("Ältere Menschen",)),
    "disability": ("Menschen mit Behinderung", 80, True, ()),
    "staff": ("Beschäftigte in Behörden und Einrichtungen", 100, False, ()),
}


def _fill(model: Any, standards: dict, district_id: int, used: set[str]) -> None:
    by_wording = {}
    for code, (name, _position, _public, other) in standards.items():
        for wording in (name, *other):
            by_wording[wording.casefold()] = code
    rows = list(model.objects.filter(district_id=district_id).order_by("pk"))
    taken: set[str] = set()
    names = {row.name.casefold() for row in rows}
    for row in rows:
        code = by_wording.get(row.name.casefold())
        if code is not None and code not in taken:
            row.code, row.in_directory = code, standards[code][2]
        else:
            base = slugify(row.name)[:40].strip("-") or "entry"
            code, number = base, 2
            while code in taken or code in standards:
                code, number = f"{base}-{number}", number + 1
            row.code, row.in_directory = code, False
        taken.add(row.code)
        row.save(update_fields=["code", "in_directory"])
    wanted = [code for code, entry in standards.items() if entry[2]] + sorted(used - set(standards))
    for code in wanted:
        if code in taken:
            continue
        if code in standards:
            name, position, public, _other = standards[code]
        else:
            name, position, public = code, 200, True
        if name.casefold() in names:
            name = f"{name} ({code})"
        model.objects.create(
            district_id=district_id,
            code=code,
            name=name,
            position=position,
            in_directory=public,
        )
        taken.add(code)
        names.add(name.casefold())


def forwards(apps: Any, schema_editor: Any) -> None:
    district_model = apps.get_model("districts", "District")
    topic_model = apps.get_model("districts", "Topic")
    group_model = apps.get_model("districts", "TargetGroup")
    offer_model = apps.get_model("directory", "Offer")
    for district_id in district_model.objects.values_list("pk", flat=True):
        topics: set[str] = set()
        groups: set[str] = set()
        offers = offer_model.objects.filter(district_id=district_id)
        for offer_topics, offer_groups in offers.values_list("topics", "target_groups"):
            topics.update(str(code) for code in offer_topics or [])
            groups.update(str(code) for code in offer_groups or [])
        _fill(topic_model, TOPICS, district_id, topics)
        _fill(group_model, TARGET_GROUPS, district_id, groups)


class Migration(migrations.Migration):
    dependencies = [
        ("districts", "0005_vocabulary_codes"),
        ("directory", "0006_search_scope_indexes"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
