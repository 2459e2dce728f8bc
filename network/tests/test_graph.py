"""The network map: its JSON data, filters, visibility per role and district, the page with the
table alternative, the CSV/GraphML exports and constant query counts."""

from __future__ import annotations

import csv
import io
from typing import Any

import networkx as nx
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import Network
from districts.models import Organisation
from districts.tests.factories import OrganisationFactory
from network.graph import network_graph
from network.models import Agreement, Audience, Relation
from network.permissions import ALL_AUDIENCES

from .factories import AgreementFactory, ProfileFactory, RelationFactory, TopicFactory

pytestmark = pytest.mark.django_db

DATA = reverse("network:graph_data")


class Chain:
    """office – Amt A → Beratung B – Café C ═ Elternverein E (agreement), plus the network's
    other organisation and "Dorfverein D" without ties."""

    def __init__(self, network: Network) -> None:
        district = network.district
        self.network = network
        self.office = network.office
        self.a: Any = OrganisationFactory(district=district, name="Amt A", kind="authority")
        self.b: Any = OrganisationFactory(district=district, name="Beratung B", kind="welfare")
        self.c: Any = OrganisationFactory(district=district, name="Café C", kind="initiative")
        self.e: Any = OrganisationFactory(district=district, name="Elternverein E", is_active=False)
        self.d: Any = OrganisationFactory(
            district=district, name="Dorfverein D", kind="migrant_org"
        )
        self.other = network.other_org
        RelationFactory(source=self.office, target=self.a, kind=Relation.Kind.COOPERATION)
        RelationFactory(source=self.a, target=self.b, kind=Relation.Kind.REFERRAL)
        RelationFactory(source=self.b, target=self.c, kind=Relation.Kind.NETWORK)
        AgreementFactory(parties=[self.c, self.e], status=Agreement.Status.SIGNED)
        # Drafts and ended agreements tie nobody on the map.
        AgreementFactory(parties=[self.d, self.office], status=Agreement.Status.DRAFT)
        AgreementFactory(parties=[self.d, self.a], status=Agreement.Status.TERMINATED)


@pytest.fixture
def chain(network: Network) -> Chain:
    return Chain(network)


def fetch(user: Any, url: str = DATA, **params: Any) -> Any:
    client = Client()
    client.force_login(user)
    return client.get(url, params)


def by_name(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {node["name"]: node for node in data["nodes"]}


def test_json_has_the_measures_of_a_known_graph(chain: Chain) -> None:
    response = fetch(chain.network.coordinator)

    assert response.status_code == 200
    data = response.json()
    nodes = by_name(data)
    assert set(nodes) == {o.name for o in Organisation.objects.for_district(chain.office.district)}
    assert {name: node["degree"] for name, node in nodes.items()} == {
        chain.office.name: 1,
        "Amt A": 2,
        "Beratung B": 2,
        "Café C": 2,
        "Elternverein E": 1,
        "Dorfverein D": 0,
        chain.other.name: 0,
    }
    # Seven organisations: normalised betweenness is pairs through the node × 2 / (6 × 5).
    assert nodes["Beratung B"]["betweenness"] == pytest.approx(4 * 2 / 30, abs=1e-4)
    assert nodes["Amt A"]["betweenness"] == pytest.approx(3 * 2 / 30, abs=1e-4)
    assert nodes["Elternverein E"]["betweenness"] == 0
    assert nodes["Dorfverein D"]["isolated"] is True
    assert nodes["Café C"]["isolated"] is False
    assert nodes["Elternverein E"]["active"] is False
    assert nodes["Amt A"]["kind"] == "authority"
    assert nodes["Amt A"]["kind_label"] == "Behörde / Amt"
    assert nodes["Amt A"]["url"] == reverse("network:organisation", args=[chain.a.pk])

    # The chain is the largest part (1); each isolated organisation is a part of its own.
    chain_parts = {nodes[n]["component"] for n in ("Amt A", "Beratung B", "Café C")}
    assert chain_parts == {1}
    assert data["summary"]["components"] == 3
    assert set(data["summary"]["isolated"]) == {chain.d.pk, chain.other.pk}
    assert data["summary"]["brokers"][:3] == [chain.b.pk, chain.a.pk, chain.c.pk]

    kinds = sorted((edge["kind"], edge["directed"]) for edge in data["edges"])
    assert kinds == [
        ("agreement", False),
        ("cooperation", False),
        ("network", False),
        ("referral", True),
    ]
    referral = next(edge for edge in data["edges"] if edge["kind"] == "referral")
    assert (referral["source"], referral["target"]) == (chain.a.pk, chain.b.pk)


def test_agreement_with_three_parties_ties_each_pair(network: Network) -> None:
    parties: list[Any] = OrganisationFactory.create_batch(3, district=network.district)
    AgreementFactory(parties=parties, status=Agreement.Status.NEGOTIATION)

    data = fetch(network.staff).json()

    pairs = {
        frozenset((e["source"], e["target"])) for e in data["edges"] if e["kind"] == "agreement"
    }
    a, b, c = (p.pk for p in parties)
    assert pairs == {frozenset((a, b)), frozenset((a, c)), frozenset((b, c))}


def test_filter_by_relation_kind_keeps_only_those_ties(chain: Chain) -> None:
    data = fetch(chain.network.coordinator, kind=["referral", "agreement"]).json()

    assert sorted(edge["kind"] for edge in data["edges"]) == ["agreement", "referral"]
    assert by_name(data)["Beratung B"]["degree"] == 1
    # Organisations stay on the map; without the filtered-out ties the office is isolated.
    assert by_name(data)[chain.office.name]["isolated"] is True


def test_filter_by_topic_keeps_organisations_with_that_topic(chain: Chain) -> None:
    topic: Any = TopicFactory(district=chain.office.district, name="Wohnen")
    ProfileFactory(organisation=chain.a, topics=[topic])
    ProfileFactory(organisation=chain.b, topics=[topic])
    ProfileFactory(organisation=chain.c)

    data = fetch(chain.network.coordinator, topic=topic.pk).json()

    assert set(by_name(data)) == {"Amt A", "Beratung B"}
    assert [edge["kind"] for edge in data["edges"]] == ["referral"]


def test_topic_filter_respects_what_volunteers_may_read(chain: Chain) -> None:
    topic: Any = TopicFactory(district=chain.office.district, name="Wohnen")
    ProfileFactory(organisation=chain.a, topics=[topic], topics_audience=Audience.INTERNAL)
    ProfileFactory(organisation=chain.b, topics=[topic], topics_audience=Audience.VOLUNTEERS)

    volunteer = by_name(fetch(chain.network.volunteer, topic=topic.pk).json())
    staff = by_name(fetch(chain.network.staff, topic=topic.pk).json())

    assert set(volunteer) == {"Beratung B"}
    assert set(staff) == {"Amt A", "Beratung B"}


@pytest.mark.parametrize(
    "params",
    [{"kind": "friendship"}, {"topic": "999999"}, {"topic": "abc"}],
)
def test_bad_filters_get_a_clear_message_not_an_error(
    network: Network, params: dict[str, str]
) -> None:
    response = fetch(network.coordinator, **params)

    assert response.status_code == 400
    assert response.json()["errors"]


def test_a_topic_of_another_district_is_refused(network: Network, other_network: Network) -> None:
    foreign: Any = TopicFactory(district=other_network.district)

    response = fetch(network.coordinator, topic=foreign.pk)

    assert response.status_code == 400


@pytest.mark.parametrize("role", ["coordinator", "staff", "org_admin"])
def test_members_see_agreements(chain: Chain, role: str) -> None:
    data = fetch(getattr(chain.network, role)).json()

    assert "agreement" in {edge["kind"] for edge in data["edges"]}


def test_volunteers_see_organisations_and_relations_but_no_agreements(chain: Chain) -> None:
    data = fetch(chain.network.volunteer).json()

    assert len(data["nodes"]) == 7
    assert sorted(edge["kind"] for edge in data["edges"]) == ["cooperation", "network", "referral"]
    assert by_name(data)["Elternverein E"]["isolated"] is True
    # Volunteers cannot ask for agreements either.
    assert fetch(chain.network.volunteer, kind="agreement").status_code == 400


def test_volunteer_page_offers_no_agreement_filter(chain: Chain) -> None:
    page = fetch(chain.network.volunteer, reverse("network:graph")).content.decode()

    assert 'value="agreement"' not in page
    assert 'value="referral"' in page


def test_other_districts_never_appear(chain: Chain, other_network: Network) -> None:
    foreign: Any = OrganisationFactory(district=other_network.district, name="Fremdes Amt")
    RelationFactory(source=foreign, target=other_network.office)
    AgreementFactory(parties=[foreign, other_network.other_org])

    data = fetch(chain.network.coordinator).json()
    theirs = fetch(other_network.coordinator).json()

    ours = {node["id"] for node in data["nodes"]}
    assert not ours & {node["id"] for node in theirs["nodes"]}
    assert "Fremdes Amt" not in by_name(data)
    assert all(e["source"] in ours and e["target"] in ours for e in data["edges"])
    assert set(by_name(theirs)) == {
        "Fremdes Amt",
        other_network.office.name,
        other_network.other_org.name,
    }


def test_anonymous_people_are_sent_to_sign_in(chain: Chain) -> None:
    for name in ("graph", "graph_data", "graph_export_csv", "graph_export_graphml"):
        response = Client().get(reverse(f"network:{name}"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_someone_without_a_district_is_refused(operator: Any) -> None:
    assert fetch(operator).status_code == 403


def test_page_renders_the_table_alternative_and_lists(chain: Chain) -> None:
    response = fetch(chain.network.coordinator, reverse("network:graph"))

    assert response.status_code == 200
    page = response.content.decode()
    rows = response.context["network"].nodes
    assert [row["name"] for row in rows] == sorted(row["name"] for row in rows)
    assert page.count('scope="row"') == 7
    assert "Organisationen ohne Verbindungen" in page
    assert "Brücken im Netzwerk" in page
    isolated = [node["name"] for node in response.context["network"].isolated]
    assert sorted(isolated) == sorted(["Dorfverein D", chain.other.name])
    brokers = [node["name"] for node in response.context["network"].brokers]
    assert brokers[0] == "Beratung B"
    assert f'href="{reverse("network:organisation", args=[chain.a.pk])}"' in page
    assert f'data-src="{DATA}"' in page
    # No inline script or style (strict CSP).
    assert "<style" not in page
    assert " style=" not in page


def test_page_with_filters_passes_them_to_data_and_exports(chain: Chain) -> None:
    topic: Any = TopicFactory(district=chain.office.district)
    ProfileFactory(organisation=chain.a, topics=[topic])

    response = fetch(
        chain.network.coordinator, reverse("network:graph"), topic=topic.pk, kind="referral"
    )

    page = response.content.decode()
    query = f"?topic={topic.pk}&amp;kind=referral"
    assert f'data-src="{DATA}{query}"' in page
    assert f'href="{reverse("network:graph_export_csv")}{query}"' in page
    assert page.count('scope="row"') == 1


def test_page_with_bad_filter_shows_the_message_and_the_whole_map(chain: Chain) -> None:
    response = fetch(chain.network.coordinator, reverse("network:graph"), kind="friendship")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Diese Art der Verbindung gibt es nicht" in page
    assert f'data-src="{DATA}"' in page
    assert page.count('scope="row"') == 7


def read_csv(content: bytes) -> tuple[list[list[str]], list[list[str]]]:
    text = content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    gap = rows.index([])
    return rows[:gap], rows[gap + 1 :]


def test_the_map_data_carry_labels_and_only_line_styles_cytoscape_knows(chain: Chain) -> None:
    chain.a.short_name = "Amt"
    chain.a.save()
    data = fetch(chain.network.coordinator).json()

    nodes = by_name(data)
    assert nodes["Amt A"]["label"] == "Amt"  # the short name where there is one …
    assert nodes["Beratung B"]["label"] == "Beratung B"  # … else the name
    lines = {kind: style["line"] for kind, style in data["styles"]["edges"].items()}
    assert set(lines.values()) <= {"solid", "dashed", "dotted"}  # Cytoscape.js has no "double"
    assert data["styles"]["edges"]["agreement"]["double"] is True
    assert not any(s["double"] for k, s in data["styles"]["edges"].items() if k != "agreement")


def test_the_brokerage_role_is_named_in_plain_german_and_explained(chain: Chain) -> None:
    page = fetch(chain.network.coordinator, reverse("network:graph")).content.decode()
    assert "Betweenness" not in page
    assert "Vermittlungsrolle: wie oft eine Organisation auf dem kürzesten Weg" in page
    nodes, _edges = read_csv(
        fetch(chain.network.coordinator, reverse("network:graph_export_csv")).content
    )
    assert nodes[0][6] == "Vermittlungsrolle"


def test_csv_export_has_nodes_and_edges(chain: Chain) -> None:
    response = fetch(chain.network.coordinator, reverse("network:graph_export_csv"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    nodes, edges = read_csv(response.content)
    assert nodes[0][:3] == ["ID", "Organisation", "Art"]
    by_org = {row[1]: row for row in nodes[1:]}
    assert by_org["Beratung B"][5] == "2"
    assert by_org["Dorfverein D"][8] == "ja"
    assert len(edges) == 1 + 4
    referral = next(row for row in edges[1:] if row[4] == "Verweispartner")
    assert referral[1:4:2] == ["Amt A", "Beratung B"]
    assert referral[5] == "ja"


@pytest.mark.parametrize("name", ['=HYPERLINK("http://x")', "+1", "-2+3", "@SUM(A1)"])
def test_csv_export_neutralises_formulas(network: Network, name: str) -> None:
    evil: Any = OrganisationFactory(district=network.district, name=name)
    RelationFactory(source=evil, target=network.office)

    nodes, edges = read_csv(fetch(network.coordinator, reverse("network:graph_export_csv")).content)

    assert "'" + name in [row[1] for row in nodes]
    assert "'" + name in [edges[1][1], edges[1][3]]
    assert name not in [row[1] for row in nodes]


def test_graphml_export_parses_back(chain: Chain) -> None:
    response = fetch(chain.network.coordinator, reverse("network:graph_export_graphml"))

    assert response.status_code == 200
    graph = nx.read_graphml(io.BytesIO(response.content))
    assert graph.number_of_nodes() == 7
    assert graph.number_of_edges() == 4
    node = graph.nodes[str(chain.b.pk)]
    assert node["name"] == "Beratung B"
    assert node["degree"] == 2
    assert node["betweenness"] == pytest.approx(4 * 2 / 30, abs=1e-4)
    kinds = sorted(data["kind"] for _s, _t, data in graph.edges(data=True))
    assert kinds == ["agreement", "cooperation", "network", "referral"]


def test_graphml_export_for_volunteers_has_no_agreements(chain: Chain) -> None:
    content = fetch(chain.network.volunteer, reverse("network:graph_export_graphml")).content
    graph = nx.read_graphml(io.BytesIO(content))

    assert "agreement" not in {data["kind"] for _s, _t, data in graph.edges(data=True)}


def grow(network: Network, count: int) -> None:
    organisations = OrganisationFactory.create_batch(count, district=network.district)
    topic: Any = TopicFactory(district=network.district, name="Arbeit")
    for first, second in zip(organisations, organisations[1:], strict=False):
        RelationFactory(source=first, target=second, kind=Relation.Kind.FUNDING)
        ProfileFactory(organisation=first, topics=[topic])
    AgreementFactory(parties=organisations[:4])


def queries(user: Any, url: str, **params: Any) -> int:
    client = Client()
    client.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "name", ["graph", "graph_data", "graph_export_csv", "graph_export_graphml"]
)
def test_query_count_does_not_grow_with_the_network(network: Network, name: str) -> None:
    url = reverse(f"network:{name}")
    grow(network, 5)
    small = queries(network.coordinator, url)
    small_filtered = queries(network.coordinator, url, kind=["funding", "agreement"], topic="")

    grow_more = OrganisationFactory.create_batch(45, district=network.district)
    for first, second in zip(grow_more, grow_more[1:], strict=False):
        RelationFactory(source=first, target=second)
    AgreementFactory(parties=grow_more[:6])

    assert queries(network.coordinator, url) == small
    assert queries(network.coordinator, url, kind=["funding", "agreement"], topic="") == (
        small_filtered
    )


def test_large_graph_samples_betweenness_reproducibly(network: Network) -> None:
    organisations = Organisation.objects.bulk_create(
        Organisation(district=network.district, name=f"Organisation {i:04d}") for i in range(520)
    )
    Relation.objects.bulk_create(
        Relation(district=network.district, source=a, target=b, kind=Relation.Kind.NETWORK)
        for a, b in zip(organisations, organisations[1:], strict=False)
    )

    first = network_graph(user=network.staff, district=network.district, audiences=ALL_AUDIENCES)
    second = network_graph(user=network.staff, district=network.district, audiences=ALL_AUDIENCES)

    assert first.sampled is True
    assert [n["betweenness"] for n in first.nodes] == [n["betweenness"] for n in second.nodes]
    assert first.brokers
    assert first.components == 3  # the chain, the office and the other organisation
