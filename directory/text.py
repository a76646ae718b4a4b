"""How search text is compared, the same on every engine: lower case, accents folded, words only."""

import re
import unicodedata

NON_WORD_RE = re.compile(r"[\W_]+")
# Small words a search box gets that no document needs to hold (English and Spanish).
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "at",
        "by",
        "for",
        "from",
        "in",
        "of",
        "on",
        "or",
        "the",
        "to",
        "with",
        "al",
        "con",
        "de",
        "del",
        "el",
        "en",
        "la",
        "las",
        "los",
        "o",
        "para",
        "por",
        "un",
        "una",
        "y",
    ]
)


def normalize(text: str) -> str:
    """Lower case, accents folded, words only, one space apart."""
    folded = unicodedata.normalize("NFKD", text or "")
    folded = "".join(c for c in folded if not unicodedata.combining(c)).casefold()
    return " ".join(NON_WORD_RE.sub(" ", folded).split())


def padded(*parts: str) -> str:
    """Normalized parts as one text with a space at each end, so ' word ' matches whole words."""
    text = " ".join(filter(None, (normalize(part) for part in parts)))
    return f" {text} " if text else " "


def search_words(text: str) -> list[str]:
    """The words a search requires: normalized, without small words (unless that is all)."""
    words = normalize(text).split()
    kept = [word for word in words if word not in STOPWORDS]
    return kept or words
