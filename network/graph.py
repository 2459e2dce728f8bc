"""The network map (Netzwerkkarte): organisations as nodes, relations and agreements as edges,
with the measures computed by networkx.

`network_graph` reads everything in a fixed number of queries (however many organisations a
district has) and computes, on the undirected graph of who is tied to whom:

- degree: the number of organisations an organisation is tied to (by any relation or agreement);
- betweenness centrality (normalised); above `EXACT_BETWEENNESS_LIMIT` organisations it is
  estimated from `BETWEENNESS_SAMPLE` sampled sources with a fixed seed, so 2,000 organisations
  stay fast and the figures do not change between two loads of the same data;
- connected components, numbered 1, 2, … from the largest; isolated organisations (no ties);
- brokers: the organisations with the highest betweenness (they hold the network together).
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

import networkx as nx
from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from districts.models import District, Organisation, Topic

from .models import Agreement, Relation
from .permissions import ALL_AUDIENCES

EXACT_BETWEENNESS_LIMIT = 500
BETWEENNESS_SAMPLE = 100
BETWEENNESS_SEED = 20240601
BROKER_COUNT = 5

AGREEMENT = "agreement"
AGREEMENT_LABEL = _("Kooperationsvereinbarung")
# Agreements that tie their parties together on the map.
AGREEMENT_STATUSES = (Agreement.Status.SIGNED, Agreement.Status.NEGOTIATION)


@dataclass(frozen=True)
class NodeStyle:
    colour: str  # all reach at least 3:1 against white (WCAG 1.4.11)
    shape: str  # a Cytoscape.js node shape


@dataclass(frozen=True)
class EdgeStyle:
    colour: str
    # solid, dashed, dotted or double. Cytoscape.js has no double line: graph.js draws one as a
    # white line with an outline in the colour, which looks like two lines (as in the legend).
    line: str
    width: int

    def as_json(self) -> dict[str, Any]:
        double = self.line == "double"
        return {
            "colour": self.colour,
            "line": "solid" if double else self.line,  # a line-style Cytoscape.js knows
            "double": double,
            "width": self.width,
        }


# Type is shown by colour *and* shape *and* the legend's words, never by colour alone.
NODE_STYLES: dict[str, NodeStyle] = {
    Organisation.Kind.AUTHORITY: NodeStyle("#1f4e79", "rectangle"),
    Organisation.Kind.JOBCENTRE: NodeStyle("#8a3b00", "diamond"),
    Organisation.Kind.CHAMBER: NodeStyle("#5b2c83", "hexagon"),
    Organisation.Kind.MUNICIPALITY: NodeStyle("#2e6b30", "round-rectangle"),
    Organisation.Kind.WELFARE: NodeStyle("#b00045", "ellipse"),
    Organisation.Kind.MIGRANT_ORG: NodeStyle("#a15800", "triangle"),
    Organisation.Kind.RELIGIOUS: NodeStyle("#665600", "star"),
    Organisation.Kind.EDUCATION: NodeStyle("#006b75", "pentagon"),
    Organisation.Kind.COMPANY: NodeStyle("#4d4d4d", "octagon"),
    Organisation.Kind.INITIATIVE: NodeStyle("#9c2a8a", "vee"),
    Organisation.Kind.OTHER: NodeStyle("#52606d", "rhomboid"),
}

EDGE_STYLES: dict[str, EdgeStyle] = {
    Relation.Kind.COOPERATION: EdgeStyle("#3d4a57", "solid", 2),
    Relation.Kind.REFERRAL: EdgeStyle("#1f4e79", "dashed", 2),
    Relation.Kind.FUNDING: EdgeStyle("#2e6b30", "solid", 4),
    Relation.Kind.MEMBERSHIP: EdgeStyle("#5b2c83", "dotted", 3),
    Relation.Kind.SPONSORSHIP: EdgeStyle("#8a3b00", "dashed", 4),
    Relation.Kind.NETWORK: EdgeStyle("#52606d", "dotted", 2),
    AGREEMENT: EdgeStyle("#b00045", "double", 5),
}


def edge_kind_choices(*, with_agreements: bool) -> list[tuple[str, str]]:
    choices: list[tuple[str, str]] = [(k.value, str(k.label)) for k in Relation.Kind]
    if with_agreements:
        choices.append((AGREEMENT, str(AGREEMENT_LABEL)))
    return choices


@dataclass
class NetworkGraph:
    """The map of one district as one person may see it, with its measures."""

    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    components: int
    isolated: list[dict[str, Any]]
    brokers: list[dict[str, Any]]
    sampled: bool
    graph: nx.Graph = field(repr=False)

    def as_json(self) -> dict[str, Any]:
        return {
            "nodes": self.nodes,
            "edges": self.edges,
            "summary": {
                "organisations": len(self.nodes),
                "ties": len(self.edges),
                "components": self.components,
                "isolated": [node["id"] for node in self.isolated],
                "brokers": [node["id"] for node in self.brokers],
                "betweenness_sampled": self.sampled,
            },
            "styles": {
                "nodes": {
                    kind: {"colour": s.colour, "shape": s.shape} for kind, s in NODE_STYLES.items()
                },
                "edges": {kind: s.as_json() for kind, s in EDGE_STYLES.items()},
            },
        }


def _profile_url_pattern() -> str | None:
    """The Steckbrief's address with `{pk}` for the organisation, if that page exists."""
    marker = 2147483647
    try:
        return reverse("network:organisation", args=[marker]).replace(str(marker), "{pk}")
    except NoReverseMatch:
        return None


def network_graph(
    *,
    user: Any,
    district: District,
    audiences: frozenset[str],
    topic: Topic | None = None,
    kinds: Iterable[str] = (),
) -> NetworkGraph:
    """Build the map of `district` for `user`, who reads the parts opened to `audiences`
    (`network.permissions.audiences_for`).

    Volunteers (who do not read internal parts) see organisations and relations but no
    agreements. `topic` keeps the organisations whose profile shows that Handlungsfeld to the
    viewer; `kinds` (relation kinds and "agreement") keeps those kinds of ties; empty means all.
    """
    wanted = frozenset(kinds)
    with_agreements = audiences >= ALL_AUDIENCES and (not wanted or AGREEMENT in wanted)
    relation_kinds = wanted - {AGREEMENT}

    organisations: QuerySet[Organisation] = Organisation.objects.visible_to(user).for_district(
        district
    )
    if topic is not None:
        organisations = organisations.filter(
            profile__topics=topic, profile__topics_audience__in=audiences
        ).distinct()
    rows = list(
        organisations.order_by("name", "pk").values(
            "pk", "name", "short_name", "kind", "is_member", "is_active"
        )
    )
    ids = {row["pk"] for row in rows}

    edges: list[dict[str, Any]] = []
    if not wanted or relation_kinds:
        relations = Relation.objects.visible_to(user).for_district(district)
        if relation_kinds:
            relations = relations.filter(kind__in=relation_kinds)
        labels = {kind: str(label) for kind, label in Relation.Kind.choices}
        for pk, source, target, kind in relations.order_by("pk").values_list(
            "pk", "source_id", "target_id", "kind"
        ):
            if source in ids and target in ids:
                edges.append(
                    {
                        "id": f"r{pk}",
                        "source": source,
                        "target": target,
                        "kind": kind,
                        "kind_label": labels.get(kind, kind),
                        "directed": kind in Relation.DIRECTED,
                    }
                )

    if with_agreements:
        agreements = (
            Agreement.objects.visible_to(user)
            .for_district(district)
            .filter(status__in=AGREEMENT_STATUSES)
        )
        parties: dict[int, list[int]] = {}
        titles: dict[int, str] = {}
        for agreement_id, title, organisation_id in (
            Agreement.parties.through.objects.filter(agreement__in=agreements)
            .order_by("agreement_id", "organisation_id")
            .values_list("agreement_id", "agreement__title", "organisation_id")
        ):
            titles[agreement_id] = title
            if organisation_id in ids:
                parties.setdefault(agreement_id, []).append(organisation_id)
        agreement_label = str(AGREEMENT_LABEL)
        for agreement_id, members in parties.items():
            for first, second in combinations(members, 2):
                edges.append(
                    {
                        "id": f"a{agreement_id}-{first}-{second}",
                        "source": first,
                        "target": second,
                        "kind": AGREEMENT,
                        "kind_label": agreement_label,
                        "title": titles[agreement_id],
                        "directed": False,
                    }
                )

    graph = nx.Graph()
    graph.add_nodes_from(ids)
    graph.add_edges_from((edge["source"], edge["target"]) for edge in edges)

    sampled = graph.number_of_nodes() > EXACT_BETWEENNESS_LIMIT
    betweenness = nx.betweenness_centrality(
        graph,
        k=min(BETWEENNESS_SAMPLE, graph.number_of_nodes()) if sampled else None,
        seed=BETWEENNESS_SEED,
        normalized=True,
    )

    names = {row["pk"]: row["name"] for row in rows}
    components = sorted(
        nx.connected_components(graph),
        key=lambda members: (-len(members), min(names[m].casefold() for m in members)),
    )
    component_of = {member: number for number, c in enumerate(components, 1) for member in c}

    url_pattern = _profile_url_pattern()
    kind_labels = {kind: str(label) for kind, label in Organisation.Kind.choices}
    nodes: list[dict[str, Any]] = []
    for row in rows:
        pk = row["pk"]
        degree = graph.degree(pk)
        node = {
            "id": pk,
            "name": row["name"],
            "label": row["short_name"] or row["name"],  # what the map writes beside the point
            "kind": row["kind"],
            "kind_label": kind_labels.get(row["kind"], row["kind"]),
            "member": row["is_member"],
            "active": row["is_active"],
            "degree": degree,
            "betweenness": round(betweenness.get(pk, 0.0), 4),
            "component": component_of[pk],
            "isolated": degree == 0,
        }
        if url_pattern is not None:
            node["url"] = url_pattern.replace("{pk}", str(pk))
        nodes.append(node)

    isolated = [node for node in nodes if node["isolated"]]
    brokers = sorted(
        (node for node in nodes if node["betweenness"] > 0),
        key=lambda node: (-node["betweenness"], node["name"].casefold()),
    )[:BROKER_COUNT]
    return NetworkGraph(
        nodes=nodes,
        edges=edges,
        components=len(components),
        isolated=isolated,
        brokers=brokers,
        sampled=sampled,
        graph=graph,
    )


# --- Exports ----------------------------------------------------------------------------------

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """Spreadsheets run cells that start like a formula: such text gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _yes_no(value: bool) -> str:
    return gettext("ja") if value else gettext("nein")


def graph_csv(network: NetworkGraph) -> str:
    """Organisations, an empty line, then the ties: one file a spreadsheet opens as it is.

    Semicolon-separated (what spreadsheets in German set-ups expect), formula-like cells
    neutralised.
    """
    names = {node["id"]: node["name"] for node in network.nodes}
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        [
            gettext("ID"),
            gettext("Organisation"),
            gettext("Art"),
            gettext("Mitglied im Netzwerk"),
            gettext("aktiv"),
            gettext("Verbindungen"),
            gettext("Vermittlungsrolle"),
            gettext("Teilnetz"),
            gettext("ohne Verbindungen"),
        ]
    )
    for node in network.nodes:
        writer.writerow(
            [
                node["id"],
                neutralise(node["name"]),
                node["kind_label"],
                _yes_no(node["member"]),
                _yes_no(node["active"]),
                node["degree"],
                f"{node['betweenness']:.4f}",
                node["component"],
                _yes_no(node["isolated"]),
            ]
        )
    writer.writerow([])
    writer.writerow(
        [
            gettext("Von (ID)"),
            gettext("Von"),
            gettext("Zu (ID)"),
            gettext("Zu"),
            gettext("Art der Verbindung"),
            gettext("gerichtet"),
            gettext("Vereinbarung"),
        ]
    )
    for edge in network.edges:
        writer.writerow(
            [
                edge["source"],
                neutralise(names[edge["source"]]),
                edge["target"],
                neutralise(names[edge["target"]]),
                edge["kind_label"],
                _yes_no(edge["directed"]),
                neutralise(edge.get("title", "")),
            ]
        )
    return out.getvalue()


def graph_graphml(network: NetworkGraph) -> bytes:
    """GraphML (for Gephi, yEd, Cytoscape desktop): a directed multigraph of all ties with the
    organisations' data and measures as attributes."""
    graph = nx.MultiDiGraph()
    for node in network.nodes:
        graph.add_node(
            str(node["id"]),
            name=node["name"],
            kind=node["kind"],
            kind_label=node["kind_label"],
            member=bool(node["member"]),
            active=bool(node["active"]),
            degree=int(node["degree"]),
            betweenness=float(node["betweenness"]),
            component=int(node["component"]),
            isolated=bool(node["isolated"]),
        )
    for edge in network.edges:
        graph.add_edge(
            str(edge["source"]),
            str(edge["target"]),
            key=edge["id"],
            kind=edge["kind"],
            kind_label=edge["kind_label"],
            directed=bool(edge["directed"]),
            title=edge.get("title", ""),
        )
    out = io.BytesIO()
    nx.write_graphml(graph, out, encoding="utf-8")
    return out.getvalue()


# --- Legend -------------------------------------------------------------------------------------


def _polygon(sides: int, *, rotate: float = -90.0, radius: float = 9.0) -> str:
    points = []
    for i in range(sides):
        angle = math.radians(rotate + 360.0 * i / sides)
        points.append(f"{10 + radius * math.cos(angle):.1f},{10 + radius * math.sin(angle):.1f}")
    return " ".join(points)


def _star() -> str:
    points = []
    for i in range(10):
        radius = 9.0 if i % 2 == 0 else 4.0
        angle = math.radians(-90.0 + 36.0 * i)
        points.append(f"{10 + radius * math.cos(angle):.1f},{10 + radius * math.sin(angle):.1f}")
    return " ".join(points)


# Shapes as SVG for the legend (20×20), close to how Cytoscape.js draws them.
SHAPE_SVG: dict[str, tuple[str, dict[str, str]]] = {
    "rectangle": ("rect", {"x": "2", "y": "2", "width": "16", "height": "16"}),
    "round-rectangle": ("rect", {"x": "2", "y": "2", "width": "16", "height": "16", "rx": "4"}),
    "ellipse": ("circle", {"cx": "10", "cy": "10", "r": "8"}),
    "diamond": ("polygon", {"points": "10,1 19,10 10,19 1,10"}),
    "triangle": ("polygon", {"points": _polygon(3)}),
    "pentagon": ("polygon", {"points": _polygon(5)}),
    "hexagon": ("polygon", {"points": _polygon(6, rotate=0)}),
    "octagon": ("polygon", {"points": _polygon(8, rotate=22.5)}),
    "star": ("polygon", {"points": _star()}),
    "vee": ("polygon", {"points": "1,2 10,8 19,2 10,19"}),
    "rhomboid": ("polygon", {"points": "6,3 19,3 14,17 1,17"}),
}

LINE_DASHES = {"solid": "", "dashed": "6 3", "dotted": "2 3", "double": ""}


def _element(name: str, attrs: dict[str, str]) -> SafeString:
    rendered = format_html_join(" ", '{}="{}"', ((key, value) for key, value in attrs.items()))
    return format_html("<{} {}/>", name, rendered)


def node_icon(kind: str) -> SafeString:
    """The type's shape in its colour, as SVG (presentation attributes, no inline style)."""
    style = NODE_STYLES[kind]
    name, attrs = SHAPE_SVG[style.shape]
    return _element(name, {**attrs, "fill": style.colour})


def edge_icon(kind: str) -> SafeString:
    """A short line in the kind's style (40×20), with an arrow head where the kind is directed."""
    style = EDGE_STYLES[kind]
    base = {"x1": "1", "x2": "31" if kind in Relation.DIRECTED else "39", "stroke": style.colour}
    if style.line == "double":
        lines = [
            _element("line", {**base, "y1": y, "y2": y, "stroke-width": "2"}) for y in ("6", "14")
        ]
    else:
        attrs = {**base, "y1": "10", "y2": "10", "stroke-width": str(style.width)}
        if LINE_DASHES[style.line]:
            attrs["stroke-dasharray"] = LINE_DASHES[style.line]
        lines = [_element("line", attrs)]
    if kind in Relation.DIRECTED:
        lines.append(_element("polygon", {"points": "29,4 39,10 29,16", "fill": style.colour}))
    return format_html_join("", "{}", ((line,) for line in lines))


def legend(*, with_agreements: bool) -> dict[str, list[dict[str, Any]]]:
    """What the legend shows: every type with its shape, colour and name; every kind of tie
    with its line and name, and whether it has a direction."""
    return {
        "nodes": [
            {"kind": kind.value, "label": kind.label, "icon": node_icon(kind)}
            for kind in Organisation.Kind
        ],
        "edges": [
            {
                "kind": kind,
                "label": label,
                "icon": edge_icon(kind),
                "directed": kind in Relation.DIRECTED,
            }
            for kind, label in edge_kind_choices(with_agreements=with_agreements)
        ],
    }
