"""Publishing the knowledge graph as linked data: a static site and a live server.

* :mod:`innokg.publish.data` — the dataset under its base IRI, entities, labels;
* :mod:`innokg.publish.formats` — media types and content negotiation;
* :mod:`innokg.publish.pages` — HTML pages of entities;
* :mod:`innokg.publish.describe` — VoID/DCAT and the SPARQL service description;
* :mod:`innokg.publish.docs` — ontology and SHACL shapes documentation;
* :mod:`innokg.publish.server_config` — Apache and nginx rules;
* :mod:`innokg.publish.site` — ``innokg publish``;
* :mod:`innokg.serve.endpoint` — the safe, read-only SPARQL query service;
* :mod:`innokg.serve.server` — ``innokg serve``.
"""

from __future__ import annotations

from innokg.publish.data import DEFAULT_BASE, LinkedData
from innokg.serve.endpoint import QueryPool, QueryRefused, check_query
from innokg.publish.formats import negotiate
from innokg.publish.site import publish_site

__all__ = ["DEFAULT_BASE", "LinkedData", "QueryPool", "QueryRefused", "check_query", "negotiate", "publish_site"]
