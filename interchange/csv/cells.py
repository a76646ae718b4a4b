"""Reading one CSV cell into a listing's value (booleans, dates, choices, vocabulary terms,
phones, counties, bar admissions, rich text), and the apostrophe that guards formula-like cells."""

import html
import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from directory import geography
from directory.choices import BarStatus, PhoneType
from directory.cleaning import clean_rich_text
from directory.models import (
    BarAdmission,
    Country,
    County,
    FundType,
    Industry,
    Language,
    Phone,
    State,
    Topic,
)
from directory.models.listing import RICH_TEXT_FEATURES
from interchange.csv.columns import LIST_SEPARATOR, Column

# A cell starting with one of these would be a formula in a spreadsheet: exports prefix it with
# an apostrophe (OWASP's advice), imports take that apostrophe off again.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
TRUE_VALUES = {"true", "yes", "y", "1", "x", "si", "sí"}
FALSE_VALUES = {"false", "no", "n", "0"}


# Cells ----------------------------------------------------------------------------------------


class CellError(Exception):
    pass


def folded(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.strip().casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


class Vocabularies:
    """Every vocabulary's canonical terms, loaded once: by token and by (default-language)
    title, case- and accent-blind."""

    def __init__(self):
        self.by_key: dict[type, dict[str, object]] = {}
        for model in (State, Language, Topic, Industry, FundType, Country):
            terms = {}
            for term in model.objects.canonical():
                terms.setdefault(folded(term.title), term)
            for term in model.objects.canonical():
                terms[folded(term.token)] = term
            self.by_key[model] = terms

    def term(self, model, value: str):
        term = self.by_key[model].get(folded(value))
        if term is None:
            raise CellError(
                _("%(value)s is not a known %(vocabulary)s token.")
                % {"value": value, "vocabulary": model._meta.verbose_name}
            )
        return term

    def terms(self, model, raw: str) -> list:
        """A list of ``model``'s tokens (or titles), each once; all unknown ones named."""
        terms, unknown = [], []
        for token in split_list(raw):
            try:
                terms.append(self.term(model, token))
            except CellError:
                unknown.append(token)
        if unknown:
            raise CellError(
                _("Unknown %(vocabulary)s: %(tokens)s (see /api/@vocabularies).")
                % {"vocabulary": model._meta.verbose_name_plural, "tokens": ", ".join(unknown)}
            )
        return list(dict.fromkeys(terms))


def split_list(raw: str) -> list[str]:
    return [item.strip() for item in re.split(r"[;,]", raw) if item.strip()]


def read_bool(raw: str) -> bool:
    value = folded(raw)
    if value in TRUE_VALUES:
        return True
    if value in FALSE_VALUES:
        return False
    raise CellError(_("Write true or false."))


def read_date(raw: str):
    try:
        value = parse_date(raw)
    except ValueError:
        value = None
    if value is None:
        raise CellError(_("Write a date as YYYY-MM-DD, e.g. 2025-01-31."))
    return value


@lru_cache
def _choice_values(choices) -> frozenset[str]:
    return frozenset(choices.values)


def read_choice(raw: str, choices) -> str:
    """A choice's value, or its label in the active language (case- and accent-blind)."""
    value = raw.strip().lower()
    if value in _choice_values(choices):
        return value
    labels = {folded(str(label)): token for token, label in choices.choices}
    if folded(raw) in labels:
        return labels[folded(raw)]
    raise CellError(
        _("%(value)s is not one of: %(choices)s.")
        % {"value": raw, "choices": ", ".join(choices.values)}
    )


PHONE_EXTENSION = re.compile(r"\s*(?:ext\.?|x)\s*(\d{1,10})\s*$", re.IGNORECASE)


def read_phones(raw: str) -> list[Phone]:
    phones = []
    for number, item in enumerate(split_semicolons(raw)):
        kind, _sep, rest = item.partition(":")
        if _sep and kind.strip().lower() in PhoneType.values:
            phone_type, text = kind.strip().lower(), rest.strip()
        elif _sep and not kind.strip().lstrip("+").replace(" ", "").isdigit():
            raise CellError(
                _("%(type)s is not a phone type; use one of: %(choices)s.")
                % {"type": kind.strip(), "choices": ", ".join(PhoneType.values)}
            )
        else:
            phone_type, text = PhoneType.MAIN, item
        extension = ""
        match = PHONE_EXTENSION.search(text)
        if match:
            extension, text = match.group(1), text[: match.start()]
        phone = Phone(number=text, type=phone_type, extension=extension, sort_order=number)
        try:
            phone.clean()  # E.164, the admin's rule
        except ValidationError as error:
            raise CellError(" ".join(error.messages)) from error
        phones.append(phone)
    return phones


def split_semicolons(raw: str) -> list[str]:
    return [item.strip() for item in raw.split(LIST_SEPARATOR) if item.strip()]


def read_counties(raw: str) -> list[County]:
    counties = geography.counties_by_fips()
    codes = split_list(raw)
    unknown = [code for code in codes if code not in counties]
    if unknown:
        raise CellError(
            _("Not county FIPS codes: %(codes)s (five digits, e.g. 34013).")
            % {"codes": ", ".join(unknown)}
        )
    # Built from the reference data every database is seeded with: no query per row.
    return [
        County(fips=code, state=counties[code].state, name=counties[code].name)
        for code in dict.fromkeys(codes)
    ]


def read_bars(raw: str) -> list[BarAdmission]:
    bars = []
    states = geography.states_by_code()
    for number, item in enumerate(split_semicolons(raw)):
        parts = [part.strip() for part in item.split(":")]
        if len(parts) not in (2, 3) or parts[0].upper() not in states or not parts[1]:
            raise CellError(
                _("Write bar admissions as STATE:NUMBER or STATE:NUMBER:STATUS, e.g. NJ:012345.")
            )
        status = read_choice(parts[2], BarStatus) if len(parts) == 3 else BarStatus.ACTIVE
        if len(parts[1]) > 40:
            raise CellError(_("A bar number has at most 40 characters."))
        bars.append(
            BarAdmission(
                state=parts[0].upper(), bar_number=parts[1], status=status, sort_order=number
            )
        )
    return bars


def read_html(raw: str) -> str:
    """A description: the HTML an export wrote (cleaned to what the field allows), else plain
    text, paragraphs split by a blank line."""
    text = raw.strip()
    if text.startswith("<"):
        return clean_rich_text(text, RICH_TEXT_FEATURES)
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    return "".join(
        "<p>" + "<br/>".join(html.escape(line) for line in p.splitlines()) + "</p>"
        for p in paragraphs
    )


# Column types whose values are relations (lists), and what an empty cell of a type is.
RELATION_TYPES = ("terms", "phones", "bars", "counties")
EMPTY = {"date": None, "country": None}
# Column type -> its reader (given the column, the stripped non-empty cell, the vocabularies).
READERS: dict[str, Callable] = {
    "html": lambda column, raw, vocabularies: read_html(raw),
    "choice": lambda column, raw, vocabularies: read_choice(raw, column.choices),
    "bool": lambda column, raw, vocabularies: read_bool(raw),
    "date": lambda column, raw, vocabularies: read_date(raw),
    "terms": lambda column, raw, vocabularies: vocabularies.terms(column.vocabulary, raw),
    "country": lambda column, raw, vocabularies: vocabularies.term(Country, raw),
    "counties": lambda column, raw, vocabularies: read_counties(raw),
    "phones": lambda column, raw, vocabularies: read_phones(raw),
    "bars": lambda column, raw, vocabularies: read_bars(raw),
}


def read_cell(column: Column, raw: str, vocabularies: Vocabularies):
    """One cell's value, by its column's type (CellError when it cannot be read)."""
    if column.type == "text":
        return raw
    if not raw and column.type != "html":
        return [] if column.type in RELATION_TYPES else EMPTY.get(column.type, "")
    read = READERS.get(column.type)
    if read is None:
        raise AssertionError(column.type)
    return read(column, raw, vocabularies)


def unguard(value: str) -> str:
    """Take off the apostrophe an export puts before a formula-like cell."""
    if value[:1] == "'" and value[1:2] and value[1:2] in FORMULA_START:
        return value[1:]
    return value


def guard(value: str) -> str:
    return "'" + value if value[:1] in FORMULA_START and value else value
