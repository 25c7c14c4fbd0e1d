"""One query per source document in queries/documents/, checked against the document's own text.

Each test runs a query on the curated graph (ontology/ + graph/) and compares the answer with values
written down here from the seed document (the sentence is quoted beside them), never with the query's
own output.
"""

from pathlib import Path

import pytest
from rdflib import URIRef

from innokg.load import load_dataset

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT / "queries" / "documents"
ID = "https://w3id.org/innokg/id/"
IKG = "https://w3id.org/innokg/ontology#"


@pytest.fixture(scope="module")
def curated():
    """The curated graph with the ontology, as one Dataset (default graph = union)."""
    return load_dataset([ROOT / "graph"], ROOT / "ontology").dataset


def run_query(dataset, name):
    """Rows of queries/documents/<name> as tuples of Python values (None for unbound)."""
    rows = dataset.query((QUERIES / name).read_text(encoding="utf-8"))
    return [tuple(None if v is None else v.toPython() if not isinstance(v, URIRef) else str(v) for v in row)
            for row in rows]


# --- seed 003: annual report of DO IT Südwestfalen (08.12.2025, Siegen) -------------------------------

SEED_003 = ID + "document/seed-003"


def test_seed_003_member_counts_of_do_it_suedwestfalen_ev(curated):
    rows = [r for r in run_query(curated, "member-counts-over-time.rq")
            if r[0] == ID + "org/do-it-suedwestfalen-ev" and r[6] == SEED_003]
    assert [(r[1], str(r[2]), int(r[3]), r[4][len(IKG):], r[5][len(IKG):]) for r in rows] == [
        # "Zum Ende des Jahres 2024 lag die Anzahl der Mitglieder im Verein DO IT Südwestfalen e.V. bei 60."
        ("DO IT Südwestfalen e.V.", "2024-12-31", 60, "Exact", "Observed"),
        # "Im Dezember 2025 zählt der Verein 85 Mitglieder."
        ("DO IT Südwestfalen e.V.", "2025-12", 85, "Exact", "Observed"),
        # "Für das Jahr 2026 wird erwartet, dass die Mitgliederzahl 100 übersteigen wird." — a plan, not a fact
        ("DO IT Südwestfalen e.V.", "2026", 100, "MoreThan", "Expected"),
    ]


def test_seed_003_board_of_do_it_suedwestfalen_ev_over_time(curated):
    rows = [r for r in run_query(curated, "board-members-over-time.rq")
            if r[0] == ID + "org/do-it-suedwestfalen-ev" and r[7] == SEED_003]
    assert [(r[3], r[4][len(ID + "role/"):], None if r[5] is None else str(r[5]), None if r[6] is None else str(r[6]))
            for r in rows] == [
        # "Prof. Martin Hill (Vorstandsvorsitzender von DO IT Südwestfalen)" (19.11.2025) and the signature
        # "Vorstandsvorsitzender DO IT Südwestfalen e.V." — since when is not said
        ("Martin Hill", "board-chair", None, None),
        # "Den ersten Vorstand des Vereins bildeten Prof. Dr. Martin Hill, Dr. Hanni Koch und Dr. Frank
        # Dratschmidt." — the first board, from the founding "Am 3. August 2023"
        ("Frank Dratschmidt", "board-member", "2023-08-03", None),
        # "Im Vorstand gab es einen Wechsel: Dr. Hanni Koch schied aus" (in the section on 2025)
        ("Hanni Koch", "board-member", "2023-08-03", "2025"),
        ("Martin Hill", "board-member", "2023-08-03", None),
        # "… und Dr. Thilo Pahl wurde als neues Mitglied kooptiert." (2025)
        ("Thilo Pahl", "board-member", "2025", None),
    ]
