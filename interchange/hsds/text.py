"""Text helpers the HSDS import shares: accent- and case-blind folding, phrase matching, numbers."""

import re
import unicodedata

# Text ------------------------------------------------------------------------------------------


def folded(text) -> str:
    decomposed = unicodedata.normalize("NFKD", str(text or "").strip().casefold())
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return re.sub(r"\s+", " ", plain.replace("\u2019", "'"))


def plain_text(value) -> str:
    return re.sub(r"[ \t]+", " ", str(value)).strip() if value not in (None, "") else ""


def has_phrase(text: str, phrase: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text) is not None


def number_or_none(value) -> float | None:
    if value in (None, ""):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def unquoted(value: str | None) -> str:
    text = (value or "").strip()
    if len(text) >= 2 and text[0] == text[-1] == '"':
        text = text[1:-1].strip()  # "+44 1234 234567", quoted twice in HSDS's example
    return text
