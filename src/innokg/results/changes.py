"""What changed between two builds of the dataset (``innokg diff OLD NEW``).

Two datasets are compared statement by statement, per named graph: a statement is *added* when only NEW has it,
*removed* when only OLD has it; a property of an entity whose values were removed and others added in the same
graph is a *changed value* (an amount, a date, a role). Blank nodes carry no identity from one build to the
next, so a statement pointing to one (an amount, an address) is compared with the blank node's description
written in Turtle, ``[ <p> <o> ; … ]``: two amounts are the same when they say the same.

Terms are compared in their N-Quads form as written (the form ``innokg import`` and ``innokg publish`` write);
other RDF formats are first serialized to N-Quads by Oxigraph. Statements that involve no blank node — most of
them — are compared as whole lines, which keeps ``innokg diff`` fast on millions of statements
(benchmarks/diff.py).

Outputs: a text summary (per graph, per entity, changed values), a CSV table (one row per change), and an RDF
changeset in the Talis ChangeSet vocabulary [1]_ (one ``cs:ChangeSet`` per entity and graph, its statements
reified as ``cs:addition`` / ``cs:removal``).

References
----------
.. [1] S. Tunnicliffe, I. Davis, "Changeset", vocabulary, 2009, http://purl.org/vocab/changeset/schema#.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from innokg.errors import InputError

__all__ = ["Change", "DatasetChanges", "changes_csv", "changes_text", "changeset_turtle", "dataset_changes",
           "read_statements"]

CS = "http://purl.org/vocab/changeset/schema#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDF_SUFFIXES = {".trig": "TRIG", ".ttl": "TURTLE", ".nt": "N_TRIPLES", ".jsonld": "JSON_LD", ".rdf": "RDF_XML",
                 ".nq": "N_QUADS"}


@dataclass(frozen=True)
class Change:
    """One change: ``kind`` is ``added``, ``removed`` or ``changed`` (a property's values replaced)."""

    kind: str
    graph: str
    entity: str
    property: str
    old: tuple[str, ...] = ()  # N-Triples terms (a blank node as its Turtle description)
    new: tuple[str, ...] = ()


@dataclass
class Statements:
    """A dataset's statements as N-Quads-like keys, and their parts for the keys that involve blank nodes."""

    keys: set[bytes | str] = field(default_factory=set)
    parts: dict[str, tuple[str, str, str, str]] = field(default_factory=dict)  # key -> (graph, s, p, o)


def _nquads_bytes(path: Path) -> bytes:
    """The file's N-Quads: as it is for .nq(.gz), through Oxigraph for the other RDF formats."""
    name = path.name.removesuffix(".gz")
    suffix = Path(name).suffix.lower()
    if suffix not in _RDF_SUFFIXES:
        raise InputError(f"unknown RDF file type {suffix!r}", where=str(path),
                         hint="give a .nq, .nq.gz, .trig, .ttl, .nt, .jsonld or .rdf file")
    if not path.is_file():
        raise InputError("no such file", where=str(path), hint="give the path of a built or published dataset")
    try:
        data = gzip.decompress(path.read_bytes()) if path.name.endswith(".gz") else path.read_bytes()
    except (OSError, EOFError) as exc:
        raise InputError(f"cannot read: {exc}", where=str(path)) from None
    if suffix == ".nq":
        return data.replace(b"\r\n", b"\n")
    import pyoxigraph as ox

    try:
        quads = ox.parse(data, format=getattr(ox.RdfFormat, _RDF_SUFFIXES[suffix]))
        return ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
    except SyntaxError as exc:
        raise InputError(f"not valid {_RDF_SUFFIXES[suffix]}: {exc}", where=str(path)) from None


def _statement(line: bytes | str) -> str:
    """An N-Quads line without its final `` .`` (decoded)."""
    text = line.decode("utf-8") if isinstance(line, bytes) else line
    text = text.strip()
    return text[:-1].rstrip() if text.endswith(".") else text


def split_statement(line: str) -> tuple[str, str, str, str]:
    """(graph, subject, predicate, object) of an N-Quads line without its final `` .``.

    Examples
    --------
    >>> split_statement('<s> <p> "a b"@en <g>')
    ('<g>', '<s>', '<p>', '"a b"@en')
    >>> split_statement('<s> <p> "x <y>"^^<d>')
    ('', '<s>', '<p>', '"x <y>"^^<d>')
    """
    s, p, rest = line.split(" ", 2)
    head, _, last = rest.rpartition(" ")
    if head and '"' not in last and (last.startswith("_:") or (last.startswith("<") and last.endswith(">"))):
        return last, s, p, head
    return "", s, p, rest


def read_statements(path: str | Path) -> Statements:
    """The statements of an RDF file (see the module docstring for how blank nodes are compared).

    The keys are the N-Quads lines (bytes) of the statements without blank nodes, and the Turtle-like
    lines of those with one; :attr:`Statements.parts` splits the latter.
    """
    path = Path(path)
    lines = _nquads_bytes(path).split(b"\n")
    with_bnodes = [line for line in lines if b"_:" in line]  # (or "_:" inside a literal: split below)
    st = Statements()
    st.keys = set(lines)
    st.keys.difference_update(with_bnodes)
    st.keys.discard(b"")
    # a blank node's statements as "<p> <o>" (graph and final dot cut off), then its description
    bnode_props: dict[str, list[str]] = defaultdict(list)
    bnode_graph: dict[str, str] = {}
    refs: list[tuple[str, str, str, str]] = []
    for line in b"\n".join(with_bnodes).decode("utf-8").split("\n"):
        line = line.strip()
        if not line or line[0] == "#":
            continue
        if line[0] == "_":
            subject, rest = line.split(" ", 1)
            g, _s, p, o = split_statement(subject + " " + _statement(rest)) if "_:" in rest else \
                (None, None, None, None)
            if g is None:
                po, _, g = _statement(rest).rpartition(" ")
                if not po or not g.startswith("<"):  # a triple (no graph)
                    po, g = _statement(rest), ""
                bnode_props[subject].append(po)
            else:
                bnode_props[subject].append(f"{p} \x00{o}" if o.startswith("_:") else f"{p} {o}")
            bnode_graph.setdefault(subject, g)
            continue
        g, s, p, o = split_statement(_statement(line))
        if o.startswith("_:"):
            refs.append((g, s, p, o))
        else:  # "_:" inside a literal
            st.keys.add(line.encode("utf-8"))
    described: dict[str, str] = {}

    def describe(label: str, depth: int = 0) -> str:
        if label in described:
            return described[label]
        if depth > 20 or label not in bnode_props:
            return "[]"
        described[label] = "[]"  # a cycle ends here
        pairs = []
        for po in bnode_props[label]:
            if "\x00" in po:  # the object is a blank node too
                p, o = po.split(" \x00", 1)
                po = f"{p} {describe(o, depth + 1)}"
            pairs.append(po)
        pairs.sort()
        described[label] = "[ " + " ; ".join(pairs) + " ]"
        return described[label]

    def add(g: str, s: str, p: str, o: str) -> None:
        key = f"{s} {p} {o} {g}".rstrip()
        st.keys.add(key)
        st.parts[key] = (g, s, p, o)

    referenced = set()
    for g, s, p, o in refs:
        referenced.add(o)
        add(g, s, p, describe(o))
    for label in bnode_props:  # blank nodes nothing points to: described on their own
        if label not in referenced:
            add(bnode_graph.get(label, ""), describe(label), "", "")
    return st


@dataclass
class DatasetChanges:
    """The changes from OLD to NEW."""

    old: str
    new: str
    old_size: int
    new_size: int
    changes: list[Change]
    added: int
    removed: int
    by_graph: dict[str, tuple[int, int]]  # graph -> (added, removed)
    by_entity: dict[tuple[str, str], tuple[int, int]]  # (graph, entity) -> (added, removed)

    def digest(self) -> str:
        """SHA-256 of the change list (same changes, same digest)."""
        h = hashlib.sha256()
        for c in self.changes:
            h.update("\t".join((c.kind, c.graph, c.entity, c.property, *c.old, "->", *c.new)).encode() + b"\n")
        return h.hexdigest()


def _parts(st: Statements, key: bytes | str) -> tuple[str, str, str, str]:
    return st.parts[key] if isinstance(key, str) else split_statement(_statement(key))


def dataset_changes(old: str | Path, new: str | Path) -> DatasetChanges:
    """Compare two RDF files (see the module docstring)."""
    a, b = read_statements(old), read_statements(new)
    removed_keys = a.keys - b.keys
    added_keys = b.keys - a.keys
    # (graph, entity, property) -> removed objects, added objects
    slots: dict[tuple[str, str, str], tuple[list[str], list[str]]] = defaultdict(lambda: ([], []))
    for key in removed_keys:
        g, s, p, o = _parts(a, key)
        slots[(g, s, p)][0].append(o)
    for key in added_keys:
        g, s, p, o = _parts(b, key)
        slots[(g, s, p)][1].append(o)
    changes: list[Change] = []
    by_graph: Counter = Counter()
    by_entity: Counter = Counter()
    for (g, s, p), (olds, news) in slots.items():
        by_graph[(g, "added")] += len(news)
        by_graph[(g, "removed")] += len(olds)
        by_entity[(g, s, "added")] += len(news)
        by_entity[(g, s, "removed")] += len(olds)
        if olds and news:
            changes.append(Change("changed", g, s, p, tuple(sorted(olds)), tuple(sorted(news))))
        else:
            changes += [Change("removed", g, s, p, old=(o,)) for o in sorted(olds)]
            changes += [Change("added", g, s, p, new=(o,)) for o in sorted(news)]
    changes.sort(key=lambda c: (c.graph, c.entity, c.property, c.kind, c.old, c.new))
    graphs = sorted({g for g, _k in by_graph})
    entities = sorted({(g, s) for g, s, _k in by_entity})
    return DatasetChanges(
        str(old), str(new), len(a.keys), len(b.keys), changes, len(added_keys), len(removed_keys),
        {g: (by_graph[(g, "added")], by_graph[(g, "removed")]) for g in graphs},
        {(g, s): (by_entity[(g, s, "added")], by_entity[(g, s, "removed")]) for g, s in entities})


def _iri(term: str) -> str:
    return term[1:-1] if term.startswith("<") and term.endswith(">") else term


def changes_text(ch: DatasetChanges, limit: int | None = 50) -> str:
    """A summary for people: totals, per graph, per entity (the first ``limit``), then the changes."""
    lines = [f"{ch.old} -> {ch.new}",
             f"{ch.old_size} -> {ch.new_size} statements: +{ch.added} added, -{ch.removed} removed, "
             f"in {len(ch.by_graph)} graphs and {len(ch.by_entity)} entities "
             f"({sum(c.kind == 'changed' for c in ch.changes)} changed values)"]
    if ch.by_graph:
        lines += ["", "per graph (added, removed):"]
        lines += [f"  {_iri(g) or '(default graph)'}  +{a} -{r}" for g, (a, r) in ch.by_graph.items()]
    if ch.by_entity:
        shown = list(ch.by_entity.items())[:limit] if limit is not None else list(ch.by_entity.items())
        lines += ["", f"per entity (added, removed){'' if len(shown) == len(ch.by_entity) else f', first {len(shown)}'}:"]
        lines += [f"  {_iri(s)}  +{a} -{r}" for (_g, s), (a, r) in shown]
        shown_changes = ch.changes[:limit] if limit is not None else ch.changes
        lines += ["", f"changes{'' if len(shown_changes) == len(ch.changes) else f', first {len(shown_changes)}'}:"]
        for c in shown_changes:
            old, new = " | ".join(c.old), " | ".join(c.new)
            what = {"changed": f"{old} -> {new}", "added": f"+ {new}", "removed": f"- {old}"}[c.kind]
            lines.append(f"  {c.kind:8} {_iri(c.entity)}  {_iri(c.property)}  {what}")
    else:
        lines += ["", "no changes"]
    return "\n".join(lines) + "\n"


CSV_HEADER = ["change", "graph", "entity", "property", "old", "new"]


def changes_csv(ch: DatasetChanges) -> bytes:
    """One row per change: ``change`` (added/removed/changed), graph, entity, property (IRIs), old, new
    (N-Triples terms, a blank node as its Turtle description, several values joined by `` | ``)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_HEADER)
    for c in ch.changes:
        w.writerow([c.kind, _iri(c.graph), _iri(c.entity), _iri(c.property), " | ".join(c.old), " | ".join(c.new)])
    return buf.getvalue().encode("utf-8")


def changeset_turtle(ch: DatasetChanges, base: str = "https://w3id.org/innokg/", created: str | None = None) -> bytes:
    """The changes as Turtle in the ChangeSet vocabulary: one ``cs:ChangeSet`` per (graph, entity)."""
    out = [f"@prefix cs: <{CS}> .", f"@prefix rdf: <{RDF}> .", "@prefix void: <http://rdfs.org/ns/void#> .",
           "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .", ""]
    groups: dict[tuple[str, str], list[Change]] = defaultdict(list)
    for c in ch.changes:
        groups[(c.graph, c.entity)].append(c)
    for (g, s), cs in groups.items():
        iri = f"<{base}changes/{hashlib.sha1((g + ' ' + s).encode()).hexdigest()[:16]}>"
        subject = s  # an IRI, or a blank node's description, which is Turtle too
        block = [f"{iri} a cs:ChangeSet ;", f"    cs:subjectOfChange {subject} ;"]
        if g:
            block.append(f"    void:inDataset {g} ;")
        if created:
            block.append(f'    cs:createdDate "{created}"^^xsd:date ;')
        stmts = []
        for c in cs:
            for kind, values in (("removal", c.old), ("addition", c.new)):
                for o in values:
                    stmts.append(f"    cs:{kind} [ a rdf:Statement ; rdf:subject {subject} ; "
                                 f"rdf:predicate {c.property} ; rdf:object {o} ]")
        block.append(" ;\n".join(stmts) + " .")
        out.append("\n".join(block))
    return ("\n".join(out) + "\n").encode("utf-8")
