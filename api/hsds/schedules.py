"""Opening hours as HSDS schedules.

Hours are free text in the directory ("Monday to Friday, 9 am to 5 pm; Saturday 9 am to 1
pm", or the same in Spanish). Where every part of the text reads as days and a time range, in
English or Spanish, each part becomes a weekly schedule (``freq: WEEKLY``, ``byday``,
``opens_at``/``closes_at`` in 24-hour local time) whose description is that part of the text.
Anything else is one schedule whose description is the whole text: nothing is guessed.
"""

import re
import unicodedata

DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
DAY_NAMES = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6, "lunes": 0, "martes": 1, "miercoles": 2, "jueves": 3, "viernes": 4,
    "sabado": 5, "domingo": 6,
}  # fmt: skip
_DAY = r"(monday|tuesday|wednesday|thursday|friday|saturday|sunday|lunes|martes|miercoles|" \
       r"jueves|viernes|sabado|domingo)s?"  # fmt: skip
_TIME = r"(\d{1,2})(?::(\d\d))?\s*(am|pm)"
PART_RE = re.compile(
    rf"^(?:from\s+|de\s+)?{_DAY}(?:\s*(?:to|through|thru|a|-|\u2013)\s*{_DAY})?\s*,?\s*"
    rf"(?:from\s+|de\s+)?{_TIME}\s*(?:to|until|a|-|\u2013)\s*{_TIME}$"
)


def _normalized(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    plain = re.sub(r"\b([ap])\.\s*m\.?", r"\1m", plain)  # "9 a. m." -> "9 am"
    return re.sub(r"\s+", " ", plain).strip(" .")


def _clock(hour: str, minute: str | None, half: str) -> str | None:
    h, m = int(hour), int(minute or 0)
    if not (1 <= h <= 12 and 0 <= m < 60):
        return None
    h = h % 12 + (12 if half == "pm" else 0)
    return f"{h:02d}:{m:02d}"


def weekly(text: str) -> list[dict] | None:
    """``[{"byday", "opens_at", "closes_at", "description"}]`` for each part of ``text``, or
    None when any part does not read as days and a time range."""
    parts = [part.strip() for part in (text or "").split(";") if part.strip()]
    found = []
    for part in parts:
        match = PART_RE.match(_normalized(part))
        if match is None:
            return None
        first, last, h1, m1, half1, h2, m2, half2 = match.groups()
        start = DAY_NAMES[first]
        end = DAY_NAMES[last] if last else start
        days = [DAYS[(start + n) % 7] for n in range((end - start) % 7 + 1)]
        opens, closes = _clock(h1, m1, half1), _clock(h2, m2, half2)
        if opens is None or closes is None:
            return None
        found.append(
            {"byday": ",".join(days), "opens_at": opens, "closes_at": closes, "description": part}
        )
    return found or None
