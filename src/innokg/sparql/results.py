"""Query results in one neutral shape, whatever ran the query, and their output formats.

Local (pyoxigraph) and remote (SPARQL JSON over HTTP) results are both turned
into :class:`Results` of :class:`Term` values, normalised the way RDF 1.1 reads
them (a plain literal *is* an ``xsd:string``; a language-tagged literal carries
no datatype), so the two compare equal and print the same.

Formats: ``table`` (aligned text, IRIs shortened with the query's prefixes),
``md`` (a Markdown table, same values), ``csv`` and ``tsv`` (the W3C "SPARQL 1.1
Query Results CSV and TSV Formats": CSV gives plain values, TSV gives terms in
N-Triples form) and ``json`` (W3C "SPARQL 1.1 Query Results JSON Format").
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from innokg.namespaces import prefixes

__all__ = ["DISPLAY_PREFIXES", "FORMATS", "Results", "Term", "format_results"]

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
FORMATS = ("table", "csv", "tsv", "json", "md")

#: prefixes the table and Markdown outputs use to shorten IRIs (after the query's own);
#: display only: ``id:org/sihk-hagen`` is easier to read than the full IRI.
DISPLAY_PREFIXES = prefixes("ikg", "id", "graph", "org", "schema", "rdf", "rdfs", "xsd", "skos", "prov", "dcterms", "foaf")


@dataclass(frozen=True, order=True)
class Term:
    """An RDF term as in SPARQL JSON results: ``uri``, ``literal`` or ``bnode``."""

    type: str
    value: str
    datatype: str | None = None
    lang: str | None = None

    @classmethod
    def from_json(cls, b: dict) -> "Term":
        """Read one binding of the SPARQL JSON format (``typed-literal`` accepted too).

        Examples
        --------
        >>> Term.from_json({"type": "typed-literal", "value": "x",
        ...                 "datatype": "http://www.w3.org/2001/XMLSchema#string"})
        Term(type='literal', value='x', datatype=None, lang=None)
        """
        typ = b["type"]
        if typ == "typed-literal":
            typ = "literal"
        lang = b.get("xml:lang") or None
        dt = b.get("datatype") or None
        if dt in (XSD + "string", RDF_LANGSTRING):
            dt = None
        return cls(typ, b["value"], dt, lang.lower() if lang else None)

    def to_json(self) -> dict:
        out = {"type": self.type, "value": self.value}
        if self.datatype:
            out["datatype"] = self.datatype
        if self.lang:
            out["xml:lang"] = self.lang
        return out

    def n3(self) -> str:
        """N-Triples form.

        Examples
        --------
        >>> Term("literal", 'a "b"', lang="de").n3()
        '"a \\\\"b\\\\""@de'
        """
        if self.type == "uri":
            return f"<{self.value}>"
        if self.type == "bnode":
            return f"_:{self.value}"
        text = '"' + _escape(self.value) + '"'
        if self.lang:
            return f"{text}@{self.lang}"
        if self.datatype:
            return f"{text}^^<{self.datatype}>"
        return text

    def short(self, prefixes: dict[str, str]) -> str:
        """Human form: IRIs as prefix:local where a prefix fits, literals as their text."""
        if self.type == "uri":
            best = None
            for p, ns in prefixes.items():
                if ns and self.value.startswith(ns) and (best is None or len(ns) > len(prefixes[best])):
                    local = self.value[len(ns):]
                    if local and all(ch.isalnum() or ch in "_-./" for ch in local) and not local.endswith("."):
                        best = p
            if best is not None:
                return f"{best}:{self.value[len(prefixes[best]):]}"
            return f"<{self.value}>"
        if self.type == "bnode":
            return f"_:{self.value}"
        return self.value


def _escape(s: str) -> str:
    return (s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
            .replace("\r", "\\r").replace("\t", "\\t"))


@dataclass
class Results:
    """SELECT rows (``vars`` + ``rows``), an ASK ``boolean``, or CONSTRUCT ``triples``."""

    vars: list[str] = field(default_factory=list)
    rows: list[tuple[Term | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[str] | None = None

    @property
    def kind(self) -> str:
        if self.boolean is not None:
            return "ask"
        if self.triples is not None:
            return "graph"
        return "select"

    def records(self) -> list[dict[str, str | None]]:
        """Rows as ``{var: value}`` with plain values (IRI string or literal text).

        Examples
        --------
        >>> Results(["a"], [(Term("uri", "http://x"),), (None,)]).records()
        [{'a': 'http://x'}, {'a': None}]
        """
        return [{v: (t.value if t is not None else None) for v, t in zip(self.vars, row)}
                for row in self.rows]

    @classmethod
    def from_json(cls, data: dict) -> "Results":
        """Read a SPARQL 1.1 JSON results document."""
        if "boolean" in data:
            return cls(boolean=bool(data["boolean"]))
        variables = list(data.get("head", {}).get("vars", []))
        rows = []
        for b in data.get("results", {}).get("bindings", []):
            rows.append(tuple(Term.from_json(b[v]) if v in b else None for v in variables))
        return cls(variables, rows)


def _cell(t: Term | None, prefixes: dict[str, str]) -> str:
    return "" if t is None else t.short(prefixes)


def _table(res: Results, prefixes: dict[str, str]) -> str:
    header = list(res.vars)
    body = [[_cell(t, prefixes).replace("\n", " ") for t in row] for row in res.rows]
    widths = [max([len(h)] + [len(r[i]) for r in body]) for i, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in body]
    return "\n".join(lines) + "\n"


def _md(res: Results, prefixes: dict[str, str]) -> str:
    def esc(s: str) -> str:
        return s.replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(res.vars) + " |", "|" + "|".join("---" for _ in res.vars) + "|"]
    for row in res.rows:
        lines.append("| " + " | ".join(esc(_cell(t, prefixes)) for t in row) + " |")
    return "\n".join(lines) + "\n"


def format_results(res: Results, fmt: str = "table", prefixes: dict[str, str] | None = None) -> str:
    """Render results in ``fmt`` (one of :data:`FORMATS`).

    Examples
    --------
    >>> r = Results(["hub", "n"], [(Term("uri", "https://w3id.org/innokg/id/hub/a"),
    ...                             Term("literal", "2", "http://www.w3.org/2001/XMLSchema#integer"))])
    >>> print(format_results(r, "table", {"hub": "https://w3id.org/innokg/id/hub/"}), end="")
    hub    n
    -----  -
    hub:a  2
    >>> print(format_results(r, "tsv"), end="")  # doctest: +NORMALIZE_WHITESPACE
    ?hub	?n
    <https://w3id.org/innokg/id/hub/a>	"2"^^<http://www.w3.org/2001/XMLSchema#integer>
    """
    prefixes = {**DISPLAY_PREFIXES, **(prefixes or {})}
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    if res.kind == "graph":
        return "".join(line + "\n" for line in res.triples)
    if res.kind == "ask":
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": res.boolean}, indent=2) + "\n"
        return ("true" if res.boolean else "false") + "\n"
    if fmt == "json":
        doc = {"head": {"vars": list(res.vars)},
               "results": {"bindings": [{v: t.to_json() for v, t in zip(res.vars, row) if t is not None}
                                        for row in res.rows]}}
        return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n")
        w.writerow(res.vars)
        for row in res.rows:
            w.writerow(["" if t is None else (f"_:{t.value}" if t.type == "bnode" else t.value) for t in row])
        return buf.getvalue()
    if fmt == "tsv":
        lines = ["\t".join(f"?{v}" for v in res.vars)]
        lines += ["\t".join("" if t is None else t.n3() for t in row) for row in res.rows]
        return "\n".join(lines) + "\n"
    if fmt == "md":
        return _md(res, prefixes)
    return _table(res, prefixes)
