"""The 400 German Kreise as reference data: reading the shipped files and loading them.

The loader takes the model class as an argument so that the data migration can pass its
historical model; `manage.py load_kreise` passes the current one.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.apps import apps as global_apps
from django.db import transaction

DATA_DIR = Path(__file__).resolve().parent / "data"
KREISE_CSV = "kreise.csv"
NEIGHBOURS_CSV = "kreise-nachbarn.csv"
OUTLINES_GEOJSON = "kreise.geojson"

LICENCE_NAME = "Datenlizenz Deutschland – Namensnennung – Version 2.0"
LICENCE_URL = "https://www.govdata.de/dl-de/by-2-0"


@dataclass(frozen=True)
class Credit:
    """One credit line that must be shown next to maps and figures built from these data."""

    text: str
    url: str


# Verbatim credit lines required by the data licences (see districts/data/README.md). The BKG
# line must be linked to bkg.bund.de and placed visibly next to any map.
ATTRIBUTION: tuple[Credit, ...] = (
    Credit("© GeoBasis-DE / BKG 2021 (Daten verändert)", "https://www.bkg.bund.de"),
    Credit(
        "Bevölkerung: Zensus 2022, Statistische Ämter des Bundes und der Länder "
        "(Daten aggregiert); © Statistische Ämter des Bundes und der Länder, Deutschland, "
        "2024, dl-de/by-2-0",
        "https://www.zensus2022.de",
    ),
    Credit(
        "© Statistisches Bundesamt (Destatis), Gemeindeverzeichnis-Informationssystem "
        "GV-ISys, dl-de/by-2-0",
        "https://www.destatis.de",
    ),
)
ATTRIBUTION_TEXT = " · ".join(credit.text for credit in ATTRIBUTION) + f" ({LICENCE_NAME})"

_FIELDS = (
    "name",
    "kind",
    "land_ags",
    "land_name",
    "nuts3",
    "population",
    "population_date",
    "area_km2",
    "area_date",
    "lat",
    "lon",
    "outline",
)


class ReferenceDataError(ValueError):
    """The shipped files are inconsistent (a Kreis without outline, an unknown neighbour …)."""


@dataclass(frozen=True)
class LoadResult:
    created: int
    updated: int
    unchanged: int
    neighbour_links_added: int
    neighbour_links_removed: int

    @property
    def changed(self) -> bool:
        return bool(
            self.created
            or self.updated
            or self.neighbour_links_added
            or self.neighbour_links_removed
        )


def read_kreise(data_dir: Path = DATA_DIR) -> dict[str, dict[str, Any]]:
    """The Kreise from the CSV file joined with their outlines, keyed by AGS (a string)."""
    with (data_dir / OUTLINES_GEOJSON).open(encoding="utf-8") as fh:
        outlines = {f["properties"]["ags"]: f["geometry"] for f in json.load(fh)["features"]}
    kreise: dict[str, dict[str, Any]] = {}
    with (data_dir / KREISE_CSV).open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            ags = row["ags"]
            if ags not in outlines:
                raise ReferenceDataError(f"Kreis {ags} has no outline in {OUTLINES_GEOJSON}.")
            kreise[ags] = {
                "name": row["name"],
                "kind": row["bez"],
                "land_ags": row["land_ags"],
                "land_name": row["land_name"],
                "nuts3": row["nuts3"],
                "population": int(row["population"]),
                "population_date": dt.date.fromisoformat(row["population_date"]),
                "area_km2": Decimal(row["area_km2"]),
                "area_date": dt.date.fromisoformat(row["area_date"]),
                "lat": Decimal(row["lat"]),
                "lon": Decimal(row["lon"]),
                "outline": outlines[ags],
            }
    return kreise


def read_neighbours(data_dir: Path = DATA_DIR) -> set[tuple[str, str]]:
    """Neighbour pairs in both directions, as the symmetric relation stores them."""
    pairs: set[tuple[str, str]] = set()
    with (data_dir / NEIGHBOURS_CSV).open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            pairs.add((row["ags_a"], row["ags_b"]))
            pairs.add((row["ags_b"], row["ags_a"]))
    return pairs


@transaction.atomic
def load_kreise(kreis_model: Any = None, *, data_dir: Path = DATA_DIR) -> LoadResult:
    """Create missing Kreise, update changed ones and set the neighbour relation.

    Idempotent: a second run changes nothing. Kreise that are no longer in the files are left
    alone, because districts may still refer to them.
    """
    model = kreis_model or global_apps.get_model("districts", "Kreis")
    kreise = read_kreise(data_dir)
    pairs = read_neighbours(data_dir)
    unknown = {ags for pair in pairs for ags in pair} - kreise.keys()
    if unknown:
        raise ReferenceDataError(f"Unknown Kreise in {NEIGHBOURS_CSV}: {sorted(unknown)}")

    existing = model.objects.in_bulk(list(kreise))
    to_create = [model(ags=ags, **fields) for ags, fields in kreise.items() if ags not in existing]
    to_update = []
    for ags, obj in existing.items():
        fields = kreise[ags]
        if any(getattr(obj, name) != fields[name] for name in _FIELDS):
            for name in _FIELDS:
                setattr(obj, name, fields[name])
            to_update.append(obj)
    model.objects.bulk_create(to_create, batch_size=100)
    model.objects.bulk_update(to_update, _FIELDS, batch_size=50)

    added, removed = _set_neighbours(model, pairs, kreise.keys())
    return LoadResult(
        created=len(to_create),
        updated=len(to_update),
        unchanged=len(existing) - len(to_update),
        neighbour_links_added=added,
        neighbour_links_removed=removed,
    )


def _set_neighbours(model: Any, pairs: set[tuple[str, str]], known: Any) -> tuple[int, int]:
    field = model._meta.get_field("neighbours")
    through = field.remote_field.through
    source = f"{field.m2m_field_name()}_id"
    target = f"{field.m2m_reverse_field_name()}_id"
    rows = through.objects.filter(**{f"{source}__in": list(known)})
    current = {(a, b): pk for pk, a, b in rows.values_list("pk", source, target)}
    stale = [pk for pair, pk in current.items() if pair not in pairs]
    missing = [through(**{source: a, target: b}) for a, b in sorted(pairs - current.keys())]
    if stale:
        through.objects.filter(pk__in=stale).delete()
    through.objects.bulk_create(missing, batch_size=500)
    return len(missing), len(stale)
