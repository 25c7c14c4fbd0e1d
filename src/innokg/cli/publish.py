"""``innokg publish OUT/``: the knowledge graph as a static linked-data site (see :mod:`innokg.publish.site`)."""

from __future__ import annotations

import signal
import sys
from pathlib import Path

import click

from innokg.cli.options import store_option
from innokg.errors import ParameterError
from innokg.publish.data import DEFAULT_BASE, check_base_iri
from innokg.publish.site import load_linked_data, publish_site

__all__ = ["publish_command"]


_interrupted: list[int] = []


def _interrupt(signum, frame):
    if not _interrupted:  # once: the signal may come from the shell's group and from innokg's supervisor
        _interrupted.append(signum)
        raise KeyboardInterrupt


def _progress_bar(items, label):
    return click.progressbar(items, label=label, file=sys.stderr, show_pos=True)


@click.command("publish")
@click.argument("out", type=click.Path(file_okay=False))
@click.option("--data", "-d", type=click.Path(), default=None, metavar="FILE_OR_DIR",
              help="Dataset to publish (.trig/.nq/.ttl/.jsonld; default: out/innokg.trig from `innokg build`), "
                   "or a folder of source files such as graph/ (published without inferences).")
@click.option("--base-iri", default=DEFAULT_BASE, show_default=True,
              help="IRI space to publish under: <base>id/… and <base>graph/… are rewritten to it.")
@click.option("--site-url", default=None, metavar="URL",
              help="Where the site is served (for dump and page addresses); default: the base IRI.")
@click.option("--endpoint-url", default=None, metavar="URL",
              help="Address of the SPARQL endpoint to announce; default: <site-url>sparql.")
@click.option("--ontology", "ontology_dir", type=click.Path(file_okay=False), default="ontology",
              show_default=True, help="Folder of the ontology's .ttl files (documented and copied).")
@click.option("--shapes", "shapes_dir", type=click.Path(file_okay=False), default="shapes", show_default=True,
              help="Folder of the SHACL shapes' .ttl files (documented and copied).")
@click.option("--issued", default=None, metavar="YYYY-MM-DD",
              help="Release date written to the catalogue; with the SHA-256 of the dump it names the version.")
@click.option("--publisher", default="innokg", show_default=True, help="Name of the catalogue's publisher.")
@click.option("--previous", type=click.Path(file_okay=False), default=None, metavar="OLD_SITE",
              help="Folder of the previous release (a site written by `innokg publish`): its version becomes "
                   "dcat:previousVersion; the changes since it go to changes/ and the changelog.")
@store_option("Publish the on-disk store 'innokg build --store PATH' made instead of --data, read where it lies (no "
              "copy in memory): the dumps are streamed from it in the store's order and its blank nodes keep the "
              "store's labels; the same statements as the site of its dump.")
def publish_command(out, data, base_iri, site_url, endpoint_url, ontology_dir, shapes_dir, issued, publisher,
                    previous, store):
    """Write the knowledge graph as a static linked-data site to OUT/ (whole or not at all).

    The site carries a DCAT-AP 3 catalogue (void.ttl) with the licences of every source graph (never a
    default licence: a source that states none is "licence unknown"), a version (date + SHA-256 of the
    dump), tables per entity kind (CSV, Parquet) and a changelog.
    """
    if issued:
        import datetime

        try:
            datetime.date.fromisoformat(issued)
        except ValueError:
            raise click.BadParameter(f"{issued!r} is not a date YYYY-MM-DD", param_hint="--issued") from None
    check_base_iri(base_iri)
    if site_url:
        check_base_iri(site_url, where="--site-url")
    # SIGTERM like Ctrl-C: the half-written temporary folder is removed, OUT/ stays as it was
    signal.signal(signal.SIGTERM, _interrupt)
    ontology_files = sorted(Path(ontology_dir).glob("*.ttl"))
    shapes_files = sorted(Path(shapes_dir).glob("*.ttl"))
    if data is not None and store is not None:
        raise ParameterError("give --data or --store, not both", where="--data/--store")
    ld = load_linked_data(data, base_iri, ontology_files, store=store)
    ld.entities()
    if ld.unpublishable:
        click.echo(f"[WARNING] [{data or 'out/innokg.trig'}] {len(ld.unpublishable)} IRIs in {ld.id_space} have "
                   f"characters that cannot be a file name, or a path segment longer than one (240 bytes), and get no page "
                   f"(their statements are in the dumps), e.g. {ld.unpublishable[0]}", err=True)
    counts = publish_site(ld, out, site_url=site_url, endpoint_url=endpoint_url, ontology_files=ontology_files,
                          shapes_files=shapes_files, issued=issued, publisher=publisher, previous=previous,
                          progress=_progress_bar)
    click.echo(f"published {counts.get('entities', 0)} entities ({counts.get('files', 0)} documents), "
               f"{counts['graphs']} graphs, {counts['triples']} triples to {out}, version {counts['version']}",
               err=True)
    return 0

