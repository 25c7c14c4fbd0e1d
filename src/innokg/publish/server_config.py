"""Web-server rules for a published site: Apache ``.htaccess`` and an nginx snippet.

Both do what ``innokg serve`` does for a static copy: answer an entity IRI
``/id/<kind>/<slug>`` (and a source graph ``/graph/<name>``) with ``303 See Other``
to its document ``/doc/<kind>/<slug>.<ext>``, the extension chosen from the
``Accept`` header, and serve ``/doc/<kind>/<slug>`` (no extension) by the same
choice, with ``Vary: Accept``. Neither server weighs quality values in a rewrite
rule, so these rules pick the first listed type a client names (HTML first, so
browsers get pages); clients that rank types by ``q`` get the exact answer from
``innokg serve`` or can ask for a file by its extension.

References
----------
.. [1] D. Berrueta, J. Phipps, "Best Practice Recipes for Publishing RDF Vocabularies",
   W3C Working Group Note, 2008 (recipe 3, the Apache rewrite rules this follows).
"""

from __future__ import annotations

from innokg.publish.data import LinkedData
from innokg.publish.formats import DOC_FORMATS

__all__ = ["apache_config", "nginx_config", "persistent_iri_config"]

_MEDIA = [(f.media_type, f.extension) for f in DOC_FORMATS]


def _re(media: str) -> str:
    return media.replace("+", "\\+")


def _types_block() -> list[str]:
    return [f"AddType {m} .{e}" for m, e in _MEDIA[1:]] + [
        "AddType application/trig .trig", "AddType application/n-quads .nq",
        "AddCharset utf-8 .html .ttl .jsonld .nt .rdf .trig .nq"]


def apache_config(path: str, ld: LinkedData) -> str:
    """``.htaccess`` for Apache 2.4 (mod_rewrite, mod_mime, mod_headers) at URL path ``path``.

    Examples
    --------
    >>> import pyoxigraph as ox
    >>> text = apache_config("/kg/", LinkedData(ox.Store()))
    >>> "RewriteBase /kg/" in text and "RewriteRule ^id/(.+)$ doc/$1.ttl [R=303,L]" in text
    True
    """
    lines = [
        "# innokg linked-data site: content negotiation and 303 redirects (Apache 2.4).",
        f"# Entity IRIs {ld.id_space}<kind>/<slug> -> {path}doc/<kind>/<slug>.<ext>",
        "# Needs mod_rewrite, mod_mime, mod_dir and mod_headers, and AllowOverride All (or FileInfo Options Indexes).",
        "Options -MultiViews -Indexes",
        "DirectoryIndex index.html",
        *_types_block(),
        "<IfModule mod_headers.c>",
        '  <FilesMatch "\\.(html|ttl|jsonld|nt|rdf)$">',
        "    Header merge Vary Accept",
        '    Header set Access-Control-Allow-Origin "*"',
        "  </FilesMatch>",
        "</IfModule>",
        "RewriteEngine On",
        f"RewriteBase {path}",
    ]
    for src, dst in (("id/(.+)/", "doc/$1/index"), ("id/(.+)", "doc/$1"), ("graph/(.+)", "doc/graph/$1")):
        for media, ext in [("text/html", "html")] + _MEDIA[1:]:
            lines += [f"RewriteCond %{{HTTP_ACCEPT}} {_re(media)}",
                      f"RewriteRule ^{src}$ {dst}.{ext} [R=303,L]"]
        lines += [f"RewriteRule ^{src}$ {dst}.html [R=303,L]"]
    # the dataset (site root) and the ontology: description in RDF when asked for
    lines += ["RewriteRule ^\\.well-known/void$ void.ttl [R=303,L]",
              "RewriteCond %{HTTP_ACCEPT} !text/html", "RewriteCond %{HTTP_ACCEPT} text/turtle",
              "RewriteRule ^$ void.ttl [L]",
              "RewriteCond %{HTTP_ACCEPT} !text/html", "RewriteCond %{HTTP_ACCEPT} application/ld\\+json",
              "RewriteRule ^$ void.jsonld [L]",
              "RewriteCond %{HTTP_ACCEPT} !text/html", "RewriteCond %{HTTP_ACCEPT} text/turtle",
              "RewriteRule ^ontology/?$ ontology/innokg.ttl [R=303,L]",
              "RewriteRule ^ontology$ ontology/index.html [R=303,L]"]
    # a document without extension: serve the negotiated file in place
    for media, ext in [("text/html", "html")] + _MEDIA[1:]:
        lines += ["RewriteCond %{REQUEST_FILENAME} !-f",
                  f"RewriteCond %{{HTTP_ACCEPT}} {_re(media)}",
                  f"RewriteCond %{{REQUEST_FILENAME}}.{ext} -f",
                  f"RewriteRule ^(doc/.+)$ $1.{ext} [L]"]
    lines += ["RewriteCond %{REQUEST_FILENAME} !-f", "RewriteCond %{REQUEST_FILENAME}.html -f",
              "RewriteRule ^(doc/.+)$ $1.html [L]", ""]
    return "\n".join(lines)


def nginx_config(path: str, ld: LinkedData) -> dict[str, str]:
    """nginx rules as two files to ``include``: ``http.conf`` (a ``map``) and ``server.conf`` (locations).

    Examples
    --------
    >>> import pyoxigraph as ox
    >>> conf = nginx_config("/kg/", LinkedData(ox.Store()))
    >>> "return 303 /kg/doc/$innokg_doc.$innokg_ext;" in conf["server.conf"], "map $http_accept" in conf["http.conf"]
    (True, True)
    """
    maps = [f'    "~*{m.replace("+", "[+]")}" {e};' for m, e in [("text/html", "html")] + _MEDIA[1:]]
    types = [f"        {m} {e};" for m, e in _MEDIA[1:]]
    p = path
    head = ["# innokg linked-data site: content negotiation and 303 redirects (nginx).",
            f"# Entity IRIs {ld.id_space}<kind>/<slug> -> {p}doc/<kind>/<slug>.<ext>"]
    http = head + [
        "# Include in the http { } block, before the server that serves the site.",
        "map $http_accept $innokg_ext {",
        "    default html;",
        *maps,
        "}",
        "",
    ]
    server = head + [
        f"# Include in the server {{ }} block whose root is the folder `innokg publish` wrote, served at {p}.",
        "charset utf-8;",
        "# named captures: the map's own regex match would overwrite $1",
        f"location ~ ^{p}id/(?<innokg_doc>.+)/$ {{ add_header Vary Accept always; "
        f"return 303 {p}doc/$innokg_doc/index.$innokg_ext; }}",
        f"location ~ ^{p}id/(?<innokg_doc>.+)$ {{ add_header Vary Accept always; "
        f"return 303 {p}doc/$innokg_doc.$innokg_ext; }}",
        f"location ~ ^{p}graph/(?<innokg_doc>.+)$ {{ add_header Vary Accept always; "
        f"return 303 {p}doc/graph/$innokg_doc.$innokg_ext; }}",
        f"location {p}doc/ {{",
        "    types {",
        "        text/html html;",
        *types,
        "    }",
        "    charset utf-8;",
        "    charset_types text/html text/turtle application/ld+json application/n-triples application/rdf+xml;",
        "    add_header Vary Accept always;",
        "    try_files $uri $uri.$innokg_ext =404;",
        "}",
        f"location {p}dumps/ {{",
        "    types { application/trig trig; text/turtle ttl; application/ld+json jsonld; application/gzip gz; }",
        "}",
        f"location = {p}.htaccess {{ return 404; }}",
        f"location = {p}.well-known/void {{ return 303 {p}void.ttl; }}",
        f"location = {p} {{ add_header Vary Accept always; if ($innokg_ext = ttl) {{ rewrite ^ {p}void.ttl last; }} "
        f"if ($innokg_ext = jsonld) {{ rewrite ^ {p}void.jsonld last; }} }}",
        f"location = {p}ontology {{ add_header Vary Accept always; "
        f"if ($innokg_ext = ttl) {{ return 303 {p}ontology/innokg.ttl; }} return 303 {p}ontology/index.html; }}",
        "",
    ]
    return {"http.conf": "\n".join(http), "server.conf": "\n".join(server)}


def persistent_iri_config(base: str, site_url: str) -> str:
    """``.htaccess`` for the persistent-IRI service that owns ``base`` (w3id.org keeps one per folder).

    It forwards every IRI below ``base`` to the same path below ``site_url``, where the
    site's own rules negotiate the format (clients send the same ``Accept`` again).

    Examples
    --------
    >>> print(persistent_iri_config("https://w3id.org/innokg/", "https://kg.example.org/").splitlines()[-1])
    RewriteRule ^(.*)$ https://kg.example.org/$1 [R=302,L]
    """
    return "\n".join([
        f"# Put this in the folder of {base} at the persistent-IRI service (for w3id.org: its repository),",
        f"# so that the IRIs {base}id/… and {base}graph/… reach this site at {site_url}.",
        "Options +FollowSymLinks",
        "RewriteEngine on",
        f"RewriteRule ^(.*)$ {site_url}$1 [R=302,L]",
    ]) + "\n"
