import shutil

import pytest

from districts.models import Kreis
from districts.reference import (
    ATTRIBUTION,
    ATTRIBUTION_TEXT,
    DATA_DIR,
    ReferenceDataError,
    load_kreise,
    read_kreise,
)

MAYEN_KOBLENZ_NEIGHBOURS = ["07111", "07131", "07135", "07138", "07140", "07141", "07143", "07233"]


@pytest.mark.django_db
def test_migration_loads_all_kreise_with_figures_outlines_and_neighbours():
    assert Kreis.objects.count() == 400
    myk = Kreis.objects.get(ags="07137")
    assert myk.name == "Mayen-Koblenz"
    assert myk.kind == "Landkreis"
    assert myk.land_name == "Rheinland-Pfalz"
    assert myk.population > 200_000
    assert myk.outline["type"] in {"Polygon", "MultiPolygon"}
    assert sorted(myk.neighbours.values_list("ags", flat=True)) == MAYEN_KOBLENZ_NEIGHBOURS
    # The relation is symmetric: Koblenz lists Mayen-Koblenz as well.
    assert Kreis.objects.get(ags="07111").neighbours.filter(ags="07137").exists()
    # Leading zeros survive: the key is a string.
    assert Kreis.objects.filter(ags="01001").exists()
    assert Kreis.neighbours.through.objects.count() == 2 * 1040


@pytest.mark.django_db
def test_kreise_with_the_same_name_are_told_apart():
    city, county = Kreis.objects.get(ags="09162"), Kreis.objects.get(ags="09184")
    assert city.name == county.name == "München"
    assert city.display_name == "München, Kreisfreie Stadt"
    assert county.display_name == "Landkreis München"
    assert Kreis.objects.get(ags="03241").display_name == "Region Hannover"
    assert Kreis.objects.get(ags="05334").display_name == "Städteregion Aachen"


@pytest.mark.django_db
def test_loader_is_idempotent_and_repairs_changed_rows():
    assert not load_kreise(Kreis).changed

    Kreis.objects.filter(ags="07137").update(name="Verändert", population=1)
    Kreis.objects.get(ags="07137").neighbours.remove("07111")
    Kreis.objects.filter(ags="16077").delete()
    result = load_kreise(Kreis)

    assert (result.created, result.updated) == (1, 1)
    assert result.neighbour_links_added > 2  # the deleted Kreis's links and 07137–07111 twice
    myk = Kreis.objects.get(ags="07137")
    assert myk.name == "Mayen-Koblenz"
    assert sorted(myk.neighbours.values_list("ags", flat=True)) == MAYEN_KOBLENZ_NEIGHBOURS
    assert Kreis.objects.get(ags="16077").neighbours.exists()
    assert not load_kreise(Kreis).changed


@pytest.mark.django_db
def test_inconsistent_files_are_refused_without_changes(tmp_path):
    for name in ("kreise.csv", "kreise.geojson"):
        shutil.copy(DATA_DIR / name, tmp_path / name)
    (tmp_path / "kreise-nachbarn.csv").write_text("ags_a,ags_b,border_km\n07137,99999,1.0\n")
    Kreis.objects.filter(ags="07137").update(name="Verändert")

    with pytest.raises(ReferenceDataError, match="99999"):
        load_kreise(Kreis, data_dir=tmp_path)
    assert Kreis.objects.get(ags="07137").name == "Verändert"


def test_every_kreis_has_an_outline_and_numbers():
    kreise = read_kreise()
    assert len(kreise) == 400
    assert all(k["outline"]["coordinates"] for k in kreise.values())
    assert sum(k["area_km2"] for k in kreise.values()) > 357_000


def test_attribution_carries_the_required_credit_lines():
    assert ATTRIBUTION[0].text == "© GeoBasis-DE / BKG 2021 (Daten verändert)"
    assert ATTRIBUTION[0].url == "https://www.bkg.bund.de"
    assert "Zensus 2022" in ATTRIBUTION_TEXT
    assert "Statistisches Bundesamt (Destatis)" in ATTRIBUTION_TEXT
    readme = (DATA_DIR / "README.md").read_text(encoding="utf-8")
    assert "© GeoBasis-DE / BKG 2021 (Daten verändert)" in readme
