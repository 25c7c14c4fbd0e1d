"""Materialise the inferences the ontology needs, by rules compiled to SPARQL on pyoxigraph.

owlrl computes the full OWL 2 RL closure in Python; on this machine it takes ~10 s
for 10,000 statements and grows far faster than the data. The innokg ontology
only *needs* a handful of OWL 2 RL rules [1]_ (table 4-9 names):

=========  ==============================================================
cax-sco    ``x a C``, ``C ⊑ D``                         → ``x a D``
prp-spo1   ``x p y``, ``p ⊑ q``                         → ``x q y``
prp-dom    ``x p y``, ``p rdfs:domain C``               → ``x a C``
prp-rng    ``x p y``, ``p rdfs:range C``, y not literal → ``y a C``
prp-inv    ``x p y``, ``p owl:inverseOf q``             → ``y q x`` (both directions)
prp-trp    ``x p y``, ``y p z``, ``p`` transitive       → ``x p z``
=========  ==============================================================

The schema part (subclass and subproperty closure, inherited domains and ranges)
is worked out once in Python from the ontology graph (scm-sco, scm-spo, scm-dom2,
scm-rng2); each rule then becomes one SPARQL ``INSERT … WHERE`` with the schema
as a ``VALUES`` table, run on the embedded store until nothing new is derived.
The results go to the named graph ``https://w3id.org/innokg/graph/inferred`` and
never repeat a statement already asserted. :func:`owlrl_reference` gives the same
statements from owlrl (used in the tests to check that both agree exactly).

References
----------
.. [1] B. Motik et al. (eds.), "OWL 2 Web Ontology Language Profiles (Second Edition)",
   W3C Recommendation, 2012, section 4.3, tables 4-9.
.. [2] J. Urbani, S. Kotoulas, J. Maassen, F. van Harmelen, H. Bal, "WebPIE: A Web-scale
   Parallel Inference Engine using MapReduce", J. Web Semantics 10 (2012) 59-75 (schema
   tables held in memory, instance rules as joins against them).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import pyoxigraph as ox
import rdflib
from rdflib.namespace import OWL, RDF, RDFS

from innokg.load.store import store_of
from innokg.load.terms import from_oxigraph, to_oxigraph

__all__ = ["RuleSet", "compile_rules", "materialise", "infer_stream", "infer_into", "owlrl_reference", "INFERRED"]

INFERRED = "https://w3id.org/innokg/graph/inferred"
_BUILTIN = (str(OWL), str(RDFS), str(RDF), "http://www.w3.org/2001/XMLSchema#")


@dataclass(frozen=True)
class RuleSet:
    """The schema tables of the rules, worked out from an ontology.

    Attributes
    ----------
    superclasses : dict
        class → its strict superclasses (transitive closure of ``rdfs:subClassOf``).
    superproperties : dict
        property → its strict superproperties.
    domains, ranges : dict
        property → every class its subjects (objects) belong to: the declared
        domains (ranges) of the property and of its superproperties, with their
        superclasses.
    inverses : set
        ``(p, q)`` pairs, both directions of every ``owl:inverseOf``.
    transitive : set
        the ``owl:TransitiveProperty`` properties.
    """

    superclasses: dict[str, frozenset[str]]
    superproperties: dict[str, frozenset[str]]
    domains: dict[str, frozenset[str]]
    ranges: dict[str, frozenset[str]]
    inverses: frozenset[tuple[str, str]]
    transitive: frozenset[str]

    def size(self) -> int:
        return sum(len(v) for v in (*self.superclasses.values(), *self.superproperties.values(),
                                    *self.domains.values(), *self.ranges.values())) \
            + len(self.inverses) + len(self.transitive)


def _reachable(edges: dict, start) -> set:
    """Every node reached from ``start`` by one or more edges (``start`` itself only on a cycle)."""
    seen: set = set()
    stack = list(edges.get(start, ()))
    while stack:
        n = stack.pop()
        if n in seen:
            continue
        seen.add(n)
        stack.extend(edges.get(n, ()))
    return seen


def _closure(edges: dict[str, set[str]]) -> dict[str, frozenset[str]]:
    out: dict[str, frozenset[str]] = {}
    for start in edges:
        seen = _reachable(edges, start)
        seen.discard(start)
        if seen:
            out[start] = frozenset(seen)
    return out


def compile_rules(ontology: rdflib.Graph | str | Path | Iterable[str | Path]) -> RuleSet:
    """Work out the schema tables of the rules from an ontology graph (or Turtle files).

    Examples
    --------
    >>> g = rdflib.Graph().parse(format="turtle", data='''
    ... @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix : <http://e/> .
    ... :A rdfs:subClassOf :B . :B rdfs:subClassOf :C . :p rdfs:domain :A .''')
    >>> r = compile_rules(g)
    >>> sorted(r.superclasses["http://e/A"]), sorted(r.domains["http://e/p"])
    (['http://e/B', 'http://e/C'], ['http://e/A', 'http://e/B', 'http://e/C'])
    """
    g = _as_graph(ontology)
    sub_c: dict[str, set[str]] = defaultdict(set)
    sub_p: dict[str, set[str]] = defaultdict(set)
    for s, o in g.subject_objects(RDFS.subClassOf):
        if isinstance(s, rdflib.URIRef) and isinstance(o, rdflib.URIRef) and s != o:
            sub_c[str(s)].add(str(o))
    for s, o in g.subject_objects(OWL.equivalentClass):
        if isinstance(s, rdflib.URIRef) and isinstance(o, rdflib.URIRef) and s != o:
            sub_c[str(s)].add(str(o))
            sub_c[str(o)].add(str(s))
    for s, o in g.subject_objects(RDFS.subPropertyOf):
        if isinstance(s, rdflib.URIRef) and isinstance(o, rdflib.URIRef) and s != o:
            sub_p[str(s)].add(str(o))
    supc = _closure(sub_c)
    supp = _closure(sub_p)

    def with_supers(classes: set[str]) -> frozenset[str]:
        out = set(classes)
        for c in classes:
            out |= supc.get(c, frozenset())
        return frozenset(out)

    dom: dict[str, set[str]] = defaultdict(set)
    rng: dict[str, set[str]] = defaultdict(set)
    for p, c in g.subject_objects(RDFS.domain):
        if isinstance(c, rdflib.URIRef):
            dom[str(p)].add(str(c))
    for p, c in g.subject_objects(RDFS.range):
        if isinstance(c, rdflib.URIRef) and not str(c).startswith("http://www.w3.org/2001/XMLSchema#") \
                and c != RDFS.Literal and c != RDF.langString:
            rng[str(p)].add(str(c))
    props = set(dom) | set(rng) | set(supp) | {str(p) for p in g.subjects(RDF.type, OWL.ObjectProperty)}
    domains, ranges = {}, {}
    for p in props:
        chain = {p} | supp.get(p, frozenset())
        d = set().union(*(dom.get(q, set()) for q in chain))
        r = set().union(*(rng.get(q, set()) for q in chain))
        if d:
            domains[p] = with_supers(d)
        if r:
            ranges[p] = with_supers(r)
    inv = set()
    for p, q in g.subject_objects(OWL.inverseOf):
        inv.add((str(p), str(q)))
        inv.add((str(q), str(p)))
    trans = frozenset(str(p) for p in g.subjects(RDF.type, OWL.TransitiveProperty))
    return RuleSet(supc, supp, domains, ranges, frozenset(inv), trans)


def _as_graph(ontology) -> rdflib.Graph:
    if isinstance(ontology, rdflib.Graph):
        return ontology
    paths = [ontology] if isinstance(ontology, (str, Path)) else list(ontology)
    g = rdflib.Graph()
    for p in paths:
        g.parse(str(p), format="turtle")
    return g


# ---------------------------------------------------------------------------- SPARQL

def _values(rows: Iterable[tuple[str, ...]]) -> str:
    return " ".join("(" + " ".join(f"<{x}>" for x in row) + ")" for row in sorted(rows))


def _any_graph(pattern: str, g: str = "?g") -> str:
    """Match a pattern in the default graph or in any named graph (``g`` names the graph variable)."""
    return f"{{ {{ {pattern} }} UNION {{ GRAPH {g} {{ {pattern} }} }} }}"


def _sparql_rules(rs: RuleSet, target: str, *, default_graph: bool = True,
                  only_target: bool = False) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(property rules, type rules), each a list of (name, SPARQL update).

    The property rules (prp-spo1, prp-trp, prp-inv) feed each other and are run to a
    fixpoint; the type rules (prp-dom, prp-rng, cax-sco) produce types already closed
    under subclass, so one pass after the property rules is enough. ``only_target``
    limits prp-spo1 and prp-inv to the statements inferred so far (later rounds).
    """

    def anyg(pattern: str, g: str = "?g") -> str:
        if only_target:
            return f"GRAPH <{target}> {{ {pattern} }}"
        return _any_graph(pattern, g) if default_graph else f"GRAPH {g} {{ {pattern} }}"

    def alls(pattern: str, g: str = "?g") -> str:
        return _any_graph(pattern, g) if default_graph else f"GRAPH {g} {{ {pattern} }}"

    ins = f"INSERT {{ GRAPH <{target}> {{ ?s ?q ?o }} }}"
    props: list[tuple[str, str]] = []
    if rs.superproperties:
        rows = [(p, q) for p, qs in rs.superproperties.items() for q in qs]
        props.append(("prp-spo1", f"{ins} WHERE {{ VALUES (?p ?q) {{ {_values(rows)} }} {anyg('?s ?p ?o')} }}"))
    for p in sorted(rs.transitive):
        props.append(("prp-trp", f"INSERT {{ GRAPH <{target}> {{ ?s <{p}> ?o }} }} WHERE {{ "
                                 f"{alls(f'?s <{p}> ?m', '?g1')} {alls(f'?m <{p}> ?o', '?g2')} }}"))
    if rs.inverses:
        props.append(("prp-inv", f"INSERT {{ GRAPH <{target}> {{ ?o ?q ?s }} }} WHERE {{ "
                                 f"VALUES (?p ?q) {{ {_values(rs.inverses)} }} {anyg('?s ?p ?o')} }}"))
    tins = f"INSERT {{ GRAPH <{target}> {{ ?x a ?c }} }}"
    types: list[tuple[str, str]] = []
    if rs.domains:
        rows = [(p, c) for p, cs in rs.domains.items() for c in cs]
        types.append(("prp-dom", f"{tins} WHERE {{ SELECT DISTINCT ?x ?c WHERE {{ VALUES (?p ?c) {{ {_values(rows)} }} "
                                 f"{alls('?x ?p ?o')} }} }}"))
    if rs.ranges:
        rows = [(p, c) for p, cs in rs.ranges.items() for c in cs]
        types.append(("prp-rng", f"{tins} WHERE {{ SELECT DISTINCT ?x ?c WHERE {{ VALUES (?p ?c) {{ {_values(rows)} }} "
                                 f"{alls('?s ?p ?x')} FILTER(!isLiteral(?x)) }} }}"))
    if rs.superclasses:
        rows = [(c, d) for c, ds in rs.superclasses.items() for d in ds]
        types.append(("cax-sco", f"INSERT {{ GRAPH <{target}> {{ ?x a ?d }} }} WHERE {{ SELECT DISTINCT ?x ?d WHERE {{ "
                                 f"VALUES (?c ?d) {{ {_values(rows)} }} {alls('?x a ?c')} }} }}"))
    return props, types


def _graph_size(store: ox.Store, graph: str) -> int:
    q = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    return int(next(iter(store.query(q)))["n"].value)


def materialise(store_or_dataset, ontology_graph, *, target: str = INFERRED, max_rounds: int = 50,
                timings: dict | None = None):
    """Add the inferred statements to ``target`` and return them.

    Parameters
    ----------
    store_or_dataset : pyoxigraph.Store | rdflib.Dataset | rdflib.Graph
        The data. A pyoxigraph store is updated in place (inferences in the named
        graph ``target``); an rdflib graph/dataset is copied into an in-memory store
        and left unchanged.
    ontology_graph : rdflib.Graph | path | RuleSet
        The ontology (its schema statements need not be in the data).
    target : str
        IRI of the named graph that receives the inferences.
    timings : dict, optional
        Filled with seconds per rule.

    Returns
    -------
    set
        The inferred triples not asserted anywhere in the input: ``pyoxigraph.Triple``
        for a store, ``(s, p, o)`` rdflib tuples for rdflib input.

    Examples
    --------
    >>> onto = rdflib.Graph().parse(format="turtle", data='''
    ... @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix : <http://e/> .
    ... :A rdfs:subClassOf :B . :p rdfs:range :A .''')
    >>> data = rdflib.Graph().parse(format="turtle", data="@prefix : <http://e/> . :x :p :y .")
    >>> sorted(str(o) for s, p, o in materialise(data, onto))
    ['http://e/A', 'http://e/B']
    """
    import time

    rs = ontology_graph if isinstance(ontology_graph, RuleSet) else compile_rules(ontology_graph)
    if isinstance(store_or_dataset, ox.Store):
        store, from_rdflib = store_or_dataset, False
    else:
        store, from_rdflib = store_of(store_or_dataset, fresh=True), True
    timings = timings if timings is not None else {}

    def run(name: str, update: str) -> None:
        t0 = time.perf_counter()
        store.update(update)
        timings[name] = timings.get(name, 0.0) + time.perf_counter() - t0

    default = bool(next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None))
    first, _ = _sparql_rules(rs, target, default_graph=default)
    later, types = _sparql_rules(rs, target, default_graph=default, only_target=True)
    size = _graph_size(store, target)
    for rnd in range(max_rounds):
        for name, update in (first if rnd == 0 else later):
            run(name, update)
        new = _graph_size(store, target)
        if new == size:
            break
        size = new
    for name, update in types:
        run(name, update)
    # keep only what is not asserted elsewhere
    run("cleanup", f"DELETE {{ GRAPH <{target}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{target}> {{ ?s ?p ?o }} "
                   f"{{ {{ ?s ?p ?o }} UNION {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{target}>) }} }} }}")
    if not isinstance(ontology_graph, RuleSet):
        # a statement the ontology itself asserts (e.g. a vocabulary concept's type) is not new
        tg = ox.NamedNode(target)
        for s_, p_, o_ in _as_graph(ontology_graph):
            if isinstance(s_, rdflib.BNode) or isinstance(o_, rdflib.BNode):
                continue
            store.remove(ox.Quad(to_oxigraph(s_), to_oxigraph(p_), to_oxigraph(o_), tg))
    triples = {ox.Triple(q.subject, q.predicate, q.object)
               for q in store.quads_for_pattern(None, None, None, ox.NamedNode(target))}
    if from_rdflib:
        return {(from_oxigraph(t.subject), from_oxigraph(t.predicate), from_oxigraph(t.object)) for t in triples}
    return triples


# ---------------------------------------------------------------------------- streaming

_TYPE = ox.NamedNode(str(RDF.type))


class _Tables:
    """The compiled rules as Oxigraph terms, and the one-premise consequences of a statement."""

    def __init__(self, rules: RuleSet) -> None:
        N = ox.NamedNode
        self.supc = {N(c): [N(d) for d in ds] for c, ds in rules.superclasses.items()}
        self.supp = {N(p): [N(q) for q in qs] for p, qs in rules.superproperties.items()}
        self.dom = {N(p): [N(c) for c in cs] for p, cs in rules.domains.items()}
        self.rng = {N(p): [N(c) for c in cs] for p, cs in rules.ranges.items()}
        self.inv: dict = defaultdict(list)
        for p, q in rules.inverses:
            self.inv[N(p)].append(N(q))
        self.trans = {N(p) for p in rules.transitive}
        self.watched = set(self.supp) | set(self.dom) | set(self.rng) | set(self.inv) | self.trans
        self.targets = ({q for qs in self.supp.values() for q in qs} | set(self.inv)
                        | {q for qs in self.inv.values() for q in qs} | self.trans)
        # the classes some rule infers
        self.inferable = ({d for ds in self.supc.values() for d in ds} | {c for cs in self.dom.values() for c in cs}
                          | {c for cs in self.rng.values() for c in cs})
        #: the properties of the two-premise rules (their statements are kept and closed in memory)
        self.paired = self.trans | set(self.inv)

    def consequences(self, s, p, o, sink) -> None:
        if p == _TYPE:
            for d in self.supc.get(o, ()):
                sink.add((s, _TYPE, d))
            return
        for q in self.supp.get(p, ()):
            sink.add((s, q, o))
        for c in self.dom.get(p, ()):
            sink.add((s, _TYPE, c))
        if not isinstance(o, ox.Literal):
            for c in self.rng.get(p, ()):
                sink.add((o, _TYPE, c))

    def close_pairs(self, edges: dict) -> set[tuple]:
        """prp-trp and prp-inv on ``edges`` (``{property: {(s, o)}}``, updated) to a fixpoint, the one-premise
        rules applied to what they add: every statement derived."""
        out: set[tuple] = set()
        while True:
            new: set[tuple] = set()
            for p in self.trans:
                succ: dict = defaultdict(set)
                for s, o in edges[p]:
                    succ[s].add(o)
                for s in list(succ):
                    for o in _reachable(succ, s):
                        if (s, o) not in edges[p]:
                            new.add((s, p, o))
            for p, qs in self.inv.items():
                for s, o in edges[p]:
                    for q in qs:
                        if (o, s) not in edges[q]:
                            new.add((o, q, s))
            if not new:
                return out
            more: set[tuple] = set()
            for s, p, o in new:
                self.consequences(s, p, o, more)
            for t in new | more:
                if t[1] in self.paired:
                    edges[t[1]].add((t[0], t[2]))
            out |= new | more


def _ontology_triples(ontology: rdflib.Graph | None) -> set[tuple]:
    if ontology is None:
        return set()
    return {(to_oxigraph(s_), to_oxigraph(p_), to_oxigraph(o_)) for s_, p_, o_ in ontology
            if not isinstance(s_, rdflib.BNode) and not isinstance(o_, rdflib.BNode)}


def infer_stream(quads: Iterable[ox.Quad], rules: RuleSet, ontology: rdflib.Graph | None = None) -> set[ox.Triple]:
    """The same inferences as :func:`materialise`, computed in one pass over a stream of quads.

    prp-spo1, prp-dom, prp-rng and cax-sco have one premise each, and the compiled
    tables are already closed (a domain comes with its superclasses), so every
    statement's consequences follow from that statement alone: no store, no joins.
    The two-premise rules (prp-trp, prp-inv) only concern the few statements of
    transitive or inverse properties, which are kept and closed in memory; their
    results go through the one-premise rules again until nothing new appears.
    Every inference is held in memory until the end: :func:`infer_into` writes them into a store
    as they come.

    Examples
    --------
    >>> onto = rdflib.Graph().parse(format="turtle", data='''
    ... @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix : <http://e/> .
    ... :A rdfs:subClassOf :B . :p rdfs:range :A .''')
    >>> q = ox.Quad(ox.NamedNode("http://e/x"), ox.NamedNode("http://e/p"), ox.NamedNode("http://e/y"))
    >>> sorted(t.object.value for t in infer_stream([q], compile_rules(onto)))
    ['http://e/A', 'http://e/B']
    """
    t = _Tables(rules)
    out: set[tuple] = set()
    # asserted statements are kept only where an inference could repeat them (to drop those inferences):
    # a type statement of a class some rule infers, a statement of a property some rule infers
    asserted: set[tuple] = set()
    edges: dict = defaultdict(set)  # transitive / inverse statements
    for quad in quads:
        s, p, o = quad.subject, quad.predicate, quad.object
        if p == _TYPE:
            if o in t.inferable:
                asserted.add((s, p, o))
            if o in t.supc:
                t.consequences(s, p, o, out)
            continue
        if p in t.targets:
            asserted.add((s, p, o))
        if p in t.watched:
            t.consequences(s, p, o, out)
            if p in t.paired:
                edges[p].add((s, o))
    # two-premise rules on the few statements they concern, to a fixpoint
    for (s, p, o) in list(out):
        if p in t.paired:
            edges[p].add((s, o))
    out |= t.close_pairs(edges)
    out -= asserted
    out -= _ontology_triples(ontology)
    result: set[ox.Triple] = set()
    while out:  # moved, not copied: the tuples go as the triples come
        s, p, o = out.pop()
        if not isinstance(s, ox.Literal):
            result.add(ox.Triple(s, p, o))
    return result


#: from this many new statements on, :func:`infer_into` writes a batch with the store's bulk loader
_BULK = 10_000


def infer_into(store: ox.Store, rules: RuleSet, ontology: rdflib.Graph | None = None, *, target: str = INFERRED,
               batch: int = 200_000) -> int:
    """The inferences of :func:`infer_stream` over every quad of ``store``, written into its named graph ``target``
    as they come; the number written.

    The store is read once (a snapshot: what is written meanwhile is not read again); the consequences are
    gathered ``batch`` distinct statements at a time, and a statement the store already holds in any graph
    (asserted, or inferred by an earlier batch) is not written. So memory holds one batch and the few
    statements of the two-premise rules, never all inferences nor the asserted statements they repeat: the
    store itself is the set that removes duplicates. The result is the same graph as :func:`infer_stream`'s.

    Examples
    --------
    >>> onto = rdflib.Graph().parse(format="turtle", data='''
    ... @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix : <http://e/> .
    ... :A rdfs:subClassOf :B . :p rdfs:range :A .''')
    >>> st = ox.Store()
    >>> st.add(ox.Quad(ox.NamedNode("http://e/x"), ox.NamedNode("http://e/p"), ox.NamedNode("http://e/y")))
    >>> infer_into(st, compile_rules(onto)), sorted(q.object.value for q in st.quads_for_pattern(
    ...     None, None, None, ox.NamedNode(INFERRED)))
    (2, ['http://e/A', 'http://e/B'])
    """
    t = _Tables(rules)
    skip = _ontology_triples(ontology)
    graph = ox.NamedNode(target)
    edges: dict = defaultdict(set)  # transitive / inverse statements
    written = 0

    def flush(pending: set[tuple]) -> None:
        nonlocal written
        new = []
        for s, p, o in pending:
            if p in t.paired:
                edges[p].add((s, o))
            if isinstance(s, ox.Literal) or (s, p, o) in skip:
                continue
            if next(iter(store.quads_for_pattern(s, p, o, None)), None) is None:
                new.append(ox.Quad(s, p, o, graph))
        pending.clear()
        if len(new) >= _BULK:
            store.bulk_extend(new)
        elif new:  # the bulk loader writes a file per call on disk (~0.1 s, most of it waiting): a transaction then
            store.extend(new)
        written += len(new)

    pending: set[tuple] = set()
    for quad in store.quads_for_pattern(None, None, None, None):
        s, p, o = quad.subject, quad.predicate, quad.object
        if p == _TYPE:
            if o in t.supc:
                t.consequences(s, p, o, pending)
        elif p in t.watched:
            t.consequences(s, p, o, pending)
            if p in t.paired:
                edges[p].add((s, o))
        if len(pending) >= batch:
            flush(pending)
    flush(pending)
    # two-premise rules on the few statements they concern, to a fixpoint; what they add, written the same way
    closed = t.close_pairs(edges)
    flush(closed)
    return written


# ---------------------------------------------------------------------------- reference

def owlrl_reference(data: rdflib.Graph, ontology: rdflib.Graph, rules: RuleSet | None = None) -> set:
    """The statements owlrl's OWL 2 RL closure adds that fall under the rules above.

    owlrl derives much more (``owl:Thing`` typing, ``owl:sameAs`` reflexivity, schema
    closure, datatype checks); this keeps the statements made by the six rules about
    terms of the data: ``x a C`` for classes of the compiled schema, and ``x p y`` for
    properties with a superproperty, an inverse or transitivity, leaving out what the
    data or the ontology already assert.
    """
    import owlrl

    rs = rules or compile_rules(ontology)
    g = rdflib.Graph()
    for t in data:
        g.add(t)
    data_terms = set(g.subjects()) | set(g.objects())
    for t in ontology:
        g.add(t)
    asserted = set(g)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, improved_datatypes=False, rdfs_closure=False, axiomatic_triples=False,
                           datatype_axioms=False).expand(g)
    classes = set()
    for c, ds in rs.superclasses.items():
        classes |= ds
    for cs in (*rs.domains.values(), *rs.ranges.values()):
        classes |= cs
    props = set()
    for p, qs in rs.superproperties.items():
        props |= qs
    props |= {q for _, q in rs.inverses} | set(rs.transitive)
    out = set()
    for s, p, o in g:
        if (s, p, o) in asserted or s not in data_terms or isinstance(s, rdflib.Literal):
            continue
        if p == RDF.type and str(o) in classes:
            out.add((s, p, o))
        elif str(p) in props:
            out.add((s, p, o))
    return out
