"""What a report is made from: the scopes that narrow the knowledge graph, the labels and the data
date the graph gives, and the steps a report goes through (for a progress display).

``innokg report --scope KIND=ID`` narrows the knowledge graph: ``region=`` (organisations located
there or within), ``programme=`` (groups funded under it or a sub-programme), ``topic=``,
``funder=`` (as the ``analyze`` filters) or ``hub=`` (the organisations affiliated with the hub and
the ties among them); ``ID`` is an IRI or the slug below ``https://w3id.org/innokg/id/KIND/``.
Several scopes narrow together.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

import networkx as nx

from innokg.errors import InputError, ParameterError
from innokg.namespaces import ID
from innokg.projection.network import Affiliation, Filters

__all__ = ["SCOPE_KINDS", "STEPS", "parse_scope", "scope_filters", "narrow_to_hubs", "graph_labels",
           "dataset_date", "group_kinds", "organisational_units", "shape_messages", "translate_message"]

SCOPE_KINDS = ("region", "hub", "programme", "topic", "funder")
ID_BASE = str(ID)
#: the steps of ``innokg report``, in order, as the progress callback is told them
STEPS = ["load", "communities", "centrality", "structural holes", "brokerage", "bridges", "gaps",
         "picture", "tables", "coverage", "write", "network files"]


def parse_scope(text: str) -> tuple[str, str]:
    """``KIND=ID`` → ``(kind, IRI)``; a slug is expanded below the data namespace.

    Examples
    --------
    >>> parse_scope("region=nuts-DEA5")
    ('region', 'https://w3id.org/innokg/id/region/nuts-DEA5')
    >>> parse_scope("funder=https://w3id.org/innokg/id/org/land-nrw")
    ('funder', 'https://w3id.org/innokg/id/org/land-nrw')
    """
    kind, sep, value = text.partition("=")
    kind = kind.strip().lower()
    if not sep or kind not in SCOPE_KINDS or not value.strip():
        raise ParameterError(f"cannot read the scope {text!r}", where="--scope",
                             hint="write KIND=ID with KIND one of " + ", ".join(SCOPE_KINDS)
                                  + ", e.g. --scope region=nuts-DEA5")
    value = value.strip()
    if "://" not in value:
        value = ID_BASE + ("org" if kind == "funder" else kind) + "/" + value
    return kind, value


def scope_filters(scopes: Iterable[tuple[str, str]], *, start: str | None = None,
                  end: str | None = None) -> tuple[Filters, list[str]]:
    """The projection filters the parsed scopes ask for (with the time window), and the hubs to narrow to.

    Examples
    --------
    >>> f, hubs = scope_filters([("region", "r"), ("hub", "h")], start="2020")
    >>> f.describe(), hubs
    ({'start': '2020', 'region': 'r'}, ['h'])
    """
    filt: dict[str, str | None] = {kd: None for kd in ("region", "programme", "topic", "funder")}
    hubs = []
    for kind, iri in scopes:
        if kind == "hub":
            hubs.append(iri)
        elif filt[kind] is not None:
            raise ParameterError(f"two {kind} scopes: a report narrows to one {kind}", where="--scope")
        else:
            filt[kind] = iri
    return Filters(start=start, end=end, **filt), hubs


def narrow_to_hubs(G: nx.Graph, rows: Iterable[Affiliation], hubs: Iterable[str]) -> nx.Graph:
    """``G`` narrowed, hub by hub, to the organisations affiliated with each hub (and the ties among them)."""
    rows = list(rows)
    for hub in hubs:
        members = {a.agent for a in rows if hub in (a.group, a.project)}
        if not members:
            raise InputError(f"no organisation is affiliated with {hub}", where="--scope",
                             hint="check the hub's IRI (innokg query hubs-…) or leave the scope out")
        G = G.subgraph(sorted(members & set(G), key=str)).copy()
    return G


def graph_labels(ds, lang: str) -> dict[str, str]:
    """``{IRI: label}`` from rdfs:label and skos:prefLabel: ``lang`` first, then untagged, then any (sorted).

    ``ds``: a pyoxigraph store (:attr:`innokg.pipeline.Prepared.store`) or an rdflib dataset."""
    import pyoxigraph as ox

    from innokg.load.store import store_of
    from innokg.namespaces import PREFIXES

    store = store_of(ds)
    found: dict[str, list[tuple[int, str]]] = {}
    for p in (PREFIXES["skos"] + "prefLabel", PREFIXES["rdfs"] + "label"):
        for q in store.quads_for_pattern(None, ox.NamedNode(p), None, None):
            s, o = q.subject, q.object
            if isinstance(s, ox.NamedNode) and isinstance(o, ox.Literal):
                rank = 0 if o.language == lang else (1 if o.language is None else 2)
                found.setdefault(s.value, []).append((rank, o.value))
    return {s: min(v)[1] for s, v in found.items()}


def dataset_date(ds) -> str | None:
    """The latest dcterms:issued / dcterms:modified of the sources and datasets in ``ds`` (YYYY-MM-DD)."""
    import pyoxigraph as ox

    from innokg.load.store import store_of
    from innokg.namespaces import PREFIXES

    store = store_of(ds)
    dates = [q.object.value[:10] for p in ("issued", "modified")
             for q in store.quads_for_pattern(None, ox.NamedNode(PREFIXES["dcterms"] + p), None, None)
             if q.object.value[:4].isdigit()]
    return max(dates) if dates else None

#: the classes whose members make up the triple-helix table (and their subclasses in the ontology)
HELIX_GROUP_CLASSES = {"InnovationHub": "hub", "Consortium": "consortium", "Project": "project"}


def group_kinds(attributes: dict[str, dict], ontology: Path | None = None) -> dict[str, str]:
    """``{group IRI: hub|consortium|project}`` for the nodes typed as an innovation hub, a consortium or a
    project (or a subclass of one, read from ``ontology``, default ``ontology/innokg.ttl``).

    ``attributes``: :func:`innokg.projection.network.node_attributes` (its ``types``). Authorities,
    funders and associations that have members are groups too, but not hubs or consortia.

    Examples
    --------
    >>> ikg = "https://w3id.org/innokg/ontology#"
    >>> group_kinds({"h": {"types": [ikg + "Cluster"]}, "a": {"types": [ikg + "PublicAuthority"]}})
    {'h': 'hub'}
    """
    import pyoxigraph as ox

    from innokg.load.files import project_root
    from innokg.namespaces import PREFIXES

    ikg = PREFIXES["ikg"]
    path = Path(ontology) if ontology else project_root() / "ontology" / "innokg.ttl"
    parent: dict[str, set[str]] = {}
    if path.is_file():
        sub = ox.NamedNode(PREFIXES["rdfs"] + "subClassOf")
        for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
            if t.predicate == sub and isinstance(t.object, ox.NamedNode):
                parent.setdefault(t.subject.value, set()).add(t.object.value)

    def kind(cls: str, seen: frozenset = frozenset()) -> str | None:
        if cls.startswith(ikg) and cls[len(ikg):] in HELIX_GROUP_CLASSES:
            return HELIX_GROUP_CLASSES[cls[len(ikg):]]
        for p in sorted(parent.get(cls, ())):
            if p not in seen:
                k = kind(p, seen | {cls})
                if k:
                    return k
        return None

    out = {}
    for node, d in attributes.items():
        kinds = sorted(k for k in (kind(c) for c in d.get("types", ())) if k)
        if kinds:
            out[node] = kinds[0]
    return out


def organisational_units(ds) -> dict[str, str]:
    """``{unit: parent}``: a group's own bodies (``org:unitOf`` or ``org:hasUnit``; the first parent in sort order)."""
    import pyoxigraph as ox

    from innokg.load.store import store_of
    from innokg.namespaces import PREFIXES

    store = store_of(ds)
    org = PREFIXES["org"]
    pairs = [(q.subject.value, q.object.value) for q in store.quads_for_pattern(None, ox.NamedNode(org + "unitOf"), None, None)]
    pairs += [(q.object.value, q.subject.value) for q in store.quads_for_pattern(None, ox.NamedNode(org + "hasUnit"), None, None)]
    out: dict[str, str] = {}
    for unit, parent in sorted(pairs):
        out.setdefault(unit, parent)
    return out


def shape_messages(lang: str, shapes: Path | None = None) -> dict[str, str]:
    """``{English sh:message: the message in lang}`` of the shapes in ``shapes`` (default ``shapes/``).

    Validation findings carry the English message (:func:`innokg.validate.report.choose_message`); a
    report in another language shows the shape's own message in that language where the shape has one.
    Messages with ``{?var}``/``{$var}`` placeholders are matched as patterns by :func:`translate_message`.
    """
    import pyoxigraph as ox

    from innokg.namespaces import PREFIXES

    if lang == "en":
        return {}
    folder = Path(shapes) if shapes else _shapes_default()
    message = ox.NamedNode(PREFIXES["sh"] + "message")
    by_subject: dict[str, dict[str, list[str]]] = {}
    for path in sorted(folder.glob("*.ttl")) if folder.is_dir() else []:
        try:
            triples = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
        except (SyntaxError, ValueError, OSError):
            continue  # validation reports a broken shapes file; the report keeps the English words
        for t in triples:
            if t.predicate == message and isinstance(t.object, ox.Literal) and t.object.language:
                key = f"{path.name} {t.subject}"
                by_subject.setdefault(key, {}).setdefault(t.object.language, []).append(t.object.value)
    out: dict[str, str] = {}
    for langs in by_subject.values():
        en, other = sorted(langs.get("en", [])), sorted(langs.get(lang, []))
        if len(en) == 1 and len(other) == 1:
            out[en[0]] = other[0]
    return out


def _shapes_default() -> Path:
    from innokg.load.files import project_root

    return project_root() / "shapes"


def translate_message(text: str, translations: dict[str, str]) -> str:
    """``text`` in the translations' language: as it is, or by a placeholder pattern (``{?value}``), else unchanged.

    Examples
    --------
    >>> translate_message("Bad value 3.", {"Bad value {?value}.": "Falscher Wert {?value}."})
    'Falscher Wert 3.'
    """
    import re

    if text in translations:
        return translations[text]
    for en, other in translations.items():
        if "{" not in en:
            continue
        names = re.findall(r"\{[?$](\w+)\}", en)
        if not names:
            continue
        pattern = "".join(f"(?P<{part[2:-1]}>.+?)" if re.fullmatch(r"\{[?$]\w+\}", part) else re.escape(part)
                          for part in re.split(r"(\{[?$]\w+\})", en) if part)
        m = re.fullmatch(pattern, text)
        if m:
            return re.sub(r"\{[?$](\w+)\}", lambda x: m.group(x.group(1)), other)
    return text
