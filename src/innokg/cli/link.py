"""``innokg link SOURCE…``: one organisation across datasets — the links graph, the review file, precision/recall.

Reads the curated graph and imported datasets (each SOURCE a file or folder of RDF, optionally
``NAME=PATH`` to name its dataset), links their organisations and hubs by identifier and by
probabilistic record linkage (:mod:`innokg.ingest.linkage`), and writes the links as their own
named graph, described as a ``void:Linkset`` (``-o``, ``.trig`` or ``.nq``), and the pairs a person
should look at (``--review``). Decisions written into the review file's ``decision`` column
(``accept``/``reject``) are read back on the next run (or from ``--decisions``) and applied.
"""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

import click

from innokg.errors import ParameterError

__all__ = ["link_command"]


def _source(arg: str) -> tuple[str, Path]:
    name, sep, path = arg.partition("=")
    if not sep:
        p = Path(arg)
        return ("curated" if p.is_dir() and p.name == "graph" else p.name.split(".")[0]), p
    if not name or not path:
        raise ParameterError(f"give NAME=PATH or PATH, not {arg!r}", where="SOURCE")
    return name, Path(path)


@click.command("link")
@click.argument("sources", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The links graph (.trig or .nq), written whole or not at all.")
@click.option("--review", "review_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the uncertain pairs here (CSV with an empty `decision` column to fill in).")
@click.option("--decisions", type=click.Path(dir_okay=False, path_type=Path),
              help="A review file with decisions (accept/reject) to apply; default: the --review file "
                   "if it exists.")
@click.option("--threshold", type=click.FloatRange(0, 1), default=0.9, show_default=True,
              help="Link a pair from this match probability on (skos:closeMatch).")
@click.option("--exact", type=click.FloatRange(0, 1), default=0.99, show_default=True,
              help="From this probability on a link is an skos:exactMatch.")
@click.option("--review-from", "review_from", type=click.FloatRange(0, 1), default=0.5, show_default=True,
              help="Pairs from this probability up to --threshold go to the review file.")
@click.option("--ontology", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="The ontology giving the organisation and hub classes (default: ontology/innokg.ttl).")
@click.option("--labels", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A hand-labelled sample of pairs (a, b, same): print precision and recall of this run "
                   "and of the exact-name rule on it.")
@click.option("--seed", type=int, default=42, show_default=True, help="Seed of the random pair sampling.")
@click.option("--timestamp", default=None, help="ISO time to record as dcterms:created (never read from the clock).")
def link_command(sources, output, review_file, decisions, threshold, exact, review_from, ontology, labels, seed,
                 timestamp) -> int:
    """Link the organisations and hubs of SOURCE… (curated graph, CORDIS, JRC, ERDF imports) into one graph."""
    import pyoxigraph as ox

    from innokg.atomic import atomic_file
    from innokg.ingest.linkage import (READ_PREDICATES, exact_name_links, linkset_quads, link_records,
                                       read_decisions, read_labels, records_from_store, write_review, evaluate)
    from innokg.load.files import find_rdf_files, project_root
    from innokg.load.store import load_store, store_from_quads

    def log(msg: str) -> None:
        click.echo(msg, err=True)

    name = output.name
    if not (name.endswith(".trig") or name.endswith(".nq")):
        raise ParameterError(f"unknown output type {name!r}", where="-o", hint="use a file ending in .trig or .nq")
    t0 = time.perf_counter()
    named = [_source(s) for s in sources]
    files, dataset_of_file = [], {}
    for ds, p in named:
        for f in find_rdf_files(p):
            files.append(f)
            dataset_of_file[f] = ds
    # only what the record and name queries read: a third of an import's statements
    loaded = load_store(files, log=log, keep={ox.NamedNode(p) for p in READ_PREDICATES})
    graph_ds = {g.value: dataset_of_file[f] for g, f in loaded.graph_files.items()}
    onto = ox.Store()
    onto_path = ontology or project_root() / "ontology" / "innokg.ttl"
    onto.load(path=str(onto_path), format=ox.RdfFormat.TURTLE)
    recs = records_from_store(loaded.store, onto, lambda g: graph_ds.get(g, "other"))
    t_load = time.perf_counter() - t0
    sizes = Counter(r.dataset for r in recs.values())
    log(f"[INFO] [link] {len(recs)} records: " + ", ".join(f"{d} {n}" for d, n in sorted(sizes.items())))
    dec_file = decisions or (review_file if review_file is not None and review_file.exists() else None)
    chosen = read_decisions(dec_file) if dec_file else {}
    linkage = link_records(recs, threshold=threshold, exact=exact, review=review_from, decisions=chosen, seed=seed,
                           log=log)
    quads = linkset_quads(linkage, threshold=threshold, created=timestamp)
    store = store_from_quads(quads)
    fmt = ox.RdfFormat.TRIG if name.endswith(".trig") else ox.RdfFormat.N_QUADS
    with atomic_file(output, "wb") as fh:
        store.dump(fh, fmt, **({"prefixes": _PREFIXES} if fmt == ox.RdfFormat.TRIG else {}))
    if review_file is not None:
        with atomic_file(review_file, "w") as fh:
            fh.write(write_review(linkage.review, chosen))
    how = Counter(link.how for link in linkage.links)
    log(f"[INFO] [link] {len(linkage.links)} links ({how['identifier']} by identifier, {how['model']} exactMatch and "
        f"{how['model-close']} closeMatch by the model, {how['reviewed']} accepted by a person), "
        f"{len(linkage.review)} pairs to review, {len(chosen)} decisions applied; "
        f"load {t_load:.1f} s, linkage {sum(linkage.timings.values()):.1f} s")
    if labels is not None:
        sample = read_labels(labels)
        model = evaluate({(link.a, link.b) for link in linkage.links}, sample)
        rule = evaluate(exact_name_links(loaded.store), sample)
        for label, m in (("record linkage", model), ("exact-name rule", rule)):
            log(f"[INFO] [link] {label} on {len(sample)} labelled pairs: precision {m['precision']:.3f}, "
                f"recall {m['recall']:.3f}, F1 {m['f1']:.3f} (tp {m['tp']}, fp {m['fp']}, fn {m['fn']})")
    return 0


def _prefixes() -> dict[str, str]:
    from innokg.namespaces import prefixes

    return {**prefixes("skos", "void", "dcterms", "xsd", "id", "graph"),
            "align": "http://knowledgeweb.semanticweb.org/heterogeneity/alignment#"}


_PREFIXES = _prefixes()
