"""Publishing the knowledge graph as linked data: a static site and a live server.

* :mod:`innokg.publish.data` — the dataset under its base IRI, entities, labels;
* :mod:`innokg.publish.formats` — media types and content negotiation;
* :mod:`innokg.publish.pages` — HTML pages of entities;
* :mod:`innokg.publish.describe` — VoID/DCAT and the SPARQL service description;
* :mod:`innokg.publish.docs` — ontology and SHACL shapes documentation;
* :mod:`innokg.publish.server_config` — Apache and nginx rules;
* :mod:`innokg.publish.site` — the static site (``innokg publish``).

The live server (:mod:`innokg.serve`) builds on this package; this package does
not depend on it.
"""

from __future__ import annotations

from innokg.publish.data import DEFAULT_BASE, LinkedData
from innokg.publish.formats import negotiate
from innokg.publish.site import publish_site

__all__ = ["DEFAULT_BASE", "LinkedData", "negotiate", "publish_site"]
