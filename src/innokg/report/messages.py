"""The report's words in German and English: one small message catalogue.

Labels of things (organisations, regions, topics) come from the graph in the
language asked for; everything the report says itself comes from here.

Examples
--------
>>> msg("nodes", "de"), msg("nodes", "en")
('Organisationen', 'organisations')
>>> msg("shown_of", "de", shown=3, total=10)
'3 von 10'
"""

from __future__ import annotations

__all__ = ["LANGS", "MESSAGES", "msg"]

LANGS = ("en", "de")

#: key -> (English, German); ``{name}`` placeholders are filled by :func:`msg`.
MESSAGES: dict[str, tuple[str, str]] = {
    "title": ("Network report", "Netzwerkbericht"),
    "subtitle": ("Who brokers, where the gaps are", "Wer vermittelt, wo die Lücken sind"),
    "generated": ("Report time", "Berichtszeitpunkt"),
    "not_stated": ("not stated", "nicht angegeben"),
    "contents": ("Contents", "Inhalt"),
    "scope": ("Scope", "Ausschnitt"),
    "scope_all": ("the whole network", "das ganze Netzwerk"),
    # summary
    "summary": ("The network at a glance", "Das Netzwerk auf einen Blick"),
    "nodes": ("organisations", "Organisationen"),
    "ties": ("ties", "Verbindungen"),
    "density": ("density", "Dichte"),
    "components": ("components", "Komponenten"),
    "largest_component": ("largest component", "größte Komponente"),
    "communities": ("communities (Louvain)", "Gemeinschaften (Louvain)"),
    "modularity": ("modularity", "Modularität"),
    "partition": ("groups for brokerage", "Gruppen für die Vermittlung"),
    "brokerage_z": ("brokerage in the whole network, z against chance", "Vermittlung im ganzen Netz, z gegen Zufall"),
    "figure": ("figure", "Kennzahl"),
    # network picture
    "picture": ("The network", "Das Netzwerk"),
    "picture_caption_all": (
        "All {n} organisations and {m} ties, each named. Colour: community (Louvain); size: betweenness; "
        "ringed: the {b} strongest brokers (Gould–Fernandez total), named first. Layout: Fruchterman–Reingold, seed {seed}.",
        "Alle {n} Organisationen und {m} Verbindungen, jede benannt. Farbe: Gemeinschaft (Louvain); Größe: Betweenness; "
        "umrandet: die {b} stärksten Vermittler (Gould–Fernandez gesamt), zuerst benannt. Layout: Fruchterman–Reingold, Seed {seed}."),
    "picture_caption_communities": (
        "{n} organisations and {m} ties are too many to draw one by one: each circle is a community (Louvain; "
        "the {drawn} largest of {communities}), its area the organisations in it, each line the ties between two "
        "communities (width: how many); each circle is named with its number, its size and its strongest brokers "
        "(Gould–Fernandez total). Layout: Fruchterman–Reingold, seed {seed}.",
        "{n} Organisationen und {m} Verbindungen sind zu viele, um sie einzeln zu zeichnen: jeder Kreis ist eine "
        "Gemeinschaft (Louvain; die {drawn} größten von {communities}), seine Fläche die Organisationen darin, jede "
        "Linie die Verbindungen zwischen zwei Gemeinschaften (Breite: wie viele); jeder Kreis trägt seine Nummer, "
        "seine Größe und seine stärksten Vermittler (Gould–Fernandez gesamt). Layout: Fruchterman–Reingold, Seed {seed}."),
    "picture_other": ("The grey circle gathers the {other} organisations of the smaller communities.",
                      "Der graue Kreis fasst die {other} Organisationen der kleineren Gemeinschaften zusammen."),
    "labels_all": ("Every name is shown; no two overlap.", "Alle Namen sind gezeigt; keine zwei überlappen sich."),
    "labels_left_out": ("{n} name(s) found no free place and are left out, so that no two overlap (all names are in "
                        "tables/nodes.csv).",
                        "{n} Name(n) fanden keinen freien Platz und sind weggelassen, damit sich keine zwei "
                        "überlappen (alle Namen stehen in tables/nodes.csv)."),
    "isolates_note": ("{n} organisations without ties in the picture are not drawn.",
                      "{n} Organisationen ohne Verbindung im Bild sind nicht gezeichnet."),
    "other_communities": ("other communities", "andere Gemeinschaften"),
    "community": ("community", "Gemeinschaft"),
    # brokers
    "brokers": ("Brokers", "Vermittler"),
    "brokers_intro": (
        "Ranked by the Gould–Fernandez total: how often an organisation is the middle of a two-step path "
        "between two others that are not tied directly, counted by the groups of the three ({partition}).",
        "Gereiht nach der Gould–Fernandez-Summe: wie oft eine Organisation in der Mitte eines Zwei-Schritt-Pfades "
        "zwischen zwei anderen steht, die nicht direkt verbunden sind, gezählt nach den Gruppen der drei ({partition})."),
    "brokers_by_betweenness": ("Brokers by betweenness", "Vermittler nach Betweenness"),
    "brokers_by_constraint": ("Open networks: least constrained (Burt)", "Offene Netzwerke: geringster Constraint (Burt)"),
    "constraint_intro": (
        "Organisations with at least two ties, lowest constraint first: their partners are not tied to each other, "
        "so they span structural holes.",
        "Organisationen mit mindestens zwei Verbindungen, geringster Constraint zuerst: ihre Partner sind "
        "untereinander nicht verbunden, sie überbrücken strukturelle Löcher."),
    "roles": ("Role profile of the brokers", "Rollenprofil der Vermittler"),
    "roles_intro": (
        "Share of each Gould–Fernandez role in a broker's total (cell: raw count, shade: share; z against chance on hover).",
        "Anteil jeder Gould–Fernandez-Rolle an der Summe eines Vermittlers (Zelle: Anzahl, Farbton: Anteil; z gegen Zufall beim Überfahren)."),
    "roles_caption": ("Gould–Fernandez roles of the {n} strongest brokers (share of each broker's total).",
                      "Gould–Fernandez-Rollen der {n} stärksten Vermittler (Anteil an der Summe je Vermittler)."),
    "rank": ("rank", "Rang"),
    "name": ("organisation", "Organisation"),
    "label": ("organisation", "Organisation"),
    "group": ("group", "Gruppe"),
    "coordinator": ("coordinator", "Koordinator"),
    "itinerant": ("itinerant", "Berater"),
    "representative": ("representative", "Reprä\u00adsentant"),
    "gatekeeper": ("gatekeeper", "Gatekeeper"),
    "liaison": ("liaison", "Verbindungs\u00adglied"),
    "total": ("total", "gesamt"),
    "degree": ("degree", "Grad"),
    "strength": ("strength", "Stärke"),
    "betweenness": ("betweenness", "Betweenness"),
    "closeness": ("closeness", "Closeness"),
    "eigenvector": ("eigenvector", "Eigenvektor"),
    "pagerank": ("PageRank", "PageRank"),
    "effective_size": ("effective size", "effektive Größe"),
    "efficiency": ("efficiency", "Effizienz"),
    "constraint": ("constraint", "Constraint"),
    "hierarchy": ("hierarchy", "Hierarchie"),
    "participation": ("participation", "Partizipation"),
    "none_found": ("None found.", "Keine gefunden."),
    # gaps
    "group_gaps": ("Gaps between groups", "Lücken zwischen Gruppen"),
    "group_gaps_intro": (
        "Ties between every pair of groups against what the overall density predicts (ratio 1 = as expected). "
        "hole: no tie at all; thin: below {few} of the expected density.",
        "Verbindungen zwischen je zwei Gruppen gegen das, was die Gesamtdichte erwarten lässt (Verhältnis 1 = wie erwartet). "
        "Loch: keine einzige Verbindung; dünn: unter {few} der erwarteten Dichte."),
    "group_a": ("group A", "Gruppe A"),
    "group_b": ("group B", "Gruppe B"),
    "size_a": ("size A", "Größe A"),
    "size_b": ("size B", "Größe B"),
    "possible": ("possible", "möglich"),
    "ratio": ("ratio", "Verhältnis"),
    "status": ("status", "Befund"),
    "hole": ("hole", "Loch"),
    "thin": ("thin", "dünn"),
    "ok": ("ok", "ok"),
    "missing_links": ("Missing links: who should meet", "Fehlende Verbindungen: wer sich kennenlernen sollte"),
    "missing_links_intro": (
        "Pairs not tied but sharing partners, ranked by {method}; the shared partners are the reason.",
        "Paare ohne Verbindung mit gemeinsamen Partnern, gereiht nach {method}; die gemeinsamen Partner sind der Grund."),
    "org_a": ("organisation A", "Organisation A"),
    "org_b": ("organisation B", "Organisation B"),
    "score": ("score", "Wert"),
    "shared": ("shared partners", "gemeinsame Partner"),
    "reason": ("reason", "Grund"),
    "reason_text": ("not tied, but {n} shared partner(s): {via}", "nicht verbunden, aber {n} gemeinsame(r) Partner: {via}"),
    "shown_of": ("{shown} of {total}", "{shown} von {total}"),
    "shown_of_all": ("The first {shown} of {total} rows; all are in", "Die ersten {shown} von {total} Zeilen; alle stehen in"),
    "missing_links_units": (
        "{n} candidate(s) naming a group's own body (a board, council or circle: org:unitOf) are left out: "
        "a body is not a partner of its own group's members.",
        "{n} Kandidat(en) mit einem Gremium einer Gruppe (Beirat, Rat oder Kreis: org:unitOf) sind ausgelassen: "
        "ein Gremium ist kein Partner der Mitglieder seiner eigenen Gruppe."),
    "method_resource_allocation": ("resource allocation (Zhou, Lü & Zhang 2009)",
                                   "Ressourcenverteilung (Zhou, Lü & Zhang 2009)"),
    "method_adamic_adar": ("Adamic–Adar (2003)", "Adamic–Adar (2003)"),
    "method_ra_community": ("community-aware resource allocation (Soundarajan & Hopcroft 2012)",
                            "gemeinschaftsbewusste Ressourcenverteilung (Soundarajan & Hopcroft 2012)"),
    # coverage
    "coverage": ("Regions × topics", "Regionen × Themen"),
    "coverage_intro": (
        "How many hubs and projects serve each region for each topic; white cells are regions where nothing covers a topic.",
        "Wie viele Hubs und Projekte jede Region zu jedem Thema bedienen; weiße Zellen sind Regionen, in denen nichts ein Thema abdeckt."),
    "coverage_caption": ("Hubs and projects per region and topic ({r} regions, {t} topics, {g} empty cells).",
                         "Hubs und Projekte je Region und Thema ({r} Regionen, {t} Themen, {g} leere Zellen)."),
    "coverage_cut": ("Shown: the {r} regions and {t} topics with the most hubs and projects; all cells are in "
                     "tables/coverage.csv.",
                     "Gezeigt: die {r} Regionen und {t} Themen mit den meisten Hubs und Projekten; alle Zellen stehen "
                     "in tables/coverage.csv."),
    "coverage_absent": ("Not available: the input is a network file (GraphML), not the knowledge graph.",
                        "Nicht verfügbar: die Eingabe ist eine Netzwerkdatei (GraphML), nicht der Wissensgraph."),
    "coverage_no_topics": ("Not available: the data has no topics (no hub or project has ikg:hasTopic).",
                           "Nicht verfügbar: die Daten nennen keine Themen (kein Hub und kein Projekt hat ikg:hasTopic)."),
    "coverage_no_both": ("Not available: the data has no topics and no served regions (no hub or project has "
                         "ikg:hasTopic or ikg:servesRegion).",
                         "Nicht verfügbar: die Daten nennen keine Themen und keine bedienten Regionen (kein Hub und "
                         "kein Projekt hat ikg:hasTopic oder ikg:servesRegion)."),
    "coverage_no_regions": ("Not available: the data names no served regions (no hub or project has "
                            "ikg:servesRegion).",
                            "Nicht verfügbar: die Daten nennen keine bedienten Regionen (kein Hub und kein Projekt "
                            "hat ikg:servesRegion)."),
    "region": ("region", "Region"),
    "sector": ("sector", "Sektor"),
    "topic": ("topic", "Thema"),
    "items": ("hubs and projects", "Hubs und Projekte"),
    # helix
    "helix": ("Triple helix of hubs and consortia", "Triple Helix der Hubs und Konsortien"),
    "helix_intro": ("Members of each hub, consortium and project by sector; the sectors missing.",
                    "Mitglieder jedes Hubs, Konsortiums und Projekts nach Sektor; die fehlenden Sektoren."),
    "helix_left_out": ("{n} other groups (authorities, funders, associations with members) are not hubs or "
                       "consortia and are left out.",
                       "{n} weitere Gruppen (Behörden, Förderer, Vereine mit Mitgliedern) sind keine Hubs oder "
                       "Konsortien und bleiben außen vor."),
    "helix_none": ("No hub, consortium or project has members in the data.",
                   "In den Daten hat kein Hub, kein Konsortium und kein Projekt Mitglieder."),
    "members": ("members", "Mitglieder"),
    "industry": ("industry", "Wirtschaft"),
    "academia": ("academia", "Wissenschaft"),
    "government": ("government", "Staat"),
    "civil_society": ("civil society", "Zivilgesellschaft"),
    "unknown": ("unknown", "unbekannt"),
    "missing": ("missing", "fehlt"),
    # completeness
    "completeness": ("What the graph does not say", "Was der Graph nicht sagt"),
    "completeness_intro": (
        "Statements the analysis needs but the graph lacks (completeness-gaps query) and the validation warnings.",
        "Aussagen, die die Analyse braucht, die aber im Graphen fehlen (Abfrage completeness-gaps), und die Warnungen der Validierung."),
    "item": ("item", "Eintrag"),
    "funder-unknown": ("funder unknown", "Förderer unbekannt"),
    "region-unknown": ("region unknown", "Region unbekannt"),
    "sector-unknown": ("sector unknown", "Sektor unbekannt"),
    "served-region-unknown": ("served region unknown", "bediente Region unbekannt"),
    "topic-unknown": ("topic unknown", "Thema unbekannt"),
    "validation-warning": ("validation warning", "Validierung: Warnung"),
    "validation-info": ("validation note", "Validierung: Hinweis"),
    "validation-violation": ("validation violation", "Validierung: Verstoß"),
    "detail:funder-unknown": ("grant without a funder (ikg:funder)", "Förderung ohne Förderer (ikg:funder)"),
    "detail:sector-unknown": ("organisation in the network without a triple-helix sector",
                              "Organisation im Netz ohne Triple-Helix-Sektor"),
    "detail:region-unknown": ("organisation in the network without a location (ikg:locatedIn)",
                              "Organisation im Netz ohne Standort (ikg:locatedIn)"),
    "detail:topic-unknown": ("hub or project without a topic (ikg:hasTopic)", "Hub oder Projekt ohne Thema (ikg:hasTopic)"),
    "detail:served-region-unknown": ("hub or project without a served region (ikg:servesRegion)",
                                     "Hub oder Projekt ohne bediente Region (ikg:servesRegion)"),
    "gap": ("gap", "Lücke"),
    "detail": ("detail", "Einzelheit"),
    "count": ("count", "Anzahl"),
    # methods
    "methods": ("Methods and data", "Methoden und Daten"),
    "measure": ("measure", "Maß"),
    "paper": ("paper", "Quelle"),
    "parameters": ("Parameters", "Parameter"),
    "parameter": ("parameter", "Parameter"),
    "value": ("value", "Wert"),
    "inputs": ("Input data", "Eingabedaten"),
    "file": ("file", "Datei"),
    "data_date": ("Dataset date", "Datenstand"),
    "software": ("Software", "Software"),
    "package": ("package", "Paket"),
    "version": ("version", "Version"),
    "tables_note": ("Every table is also in tables/ as CSV and JSON; the network with all measures as network.gexf "
                    "and network.graphml (Gephi, igraph, R).",
                    "Jede Tabelle steht auch in tables/ als CSV und JSON; das Netzwerk mit allen Maßen als network.gexf "
                    "und network.graphml (Gephi, igraph, R)."),
    "table_files": ("table", "Tabelle"),
}

def msg(key: str, lang: str = "en", **values) -> str:
    """The message ``key`` in ``lang`` (``en`` or ``de``), placeholders filled from ``values``."""
    en, de = MESSAGES[key]
    text = de if lang == "de" else en
    return text.format(**values) if values else text
