"""The requests of real use, as distinct URLs, for bench/run.py.

Why it exists: a benchmark that repeats one URL measures kept answers (api/caching.py), not the
work a search costs. This reads a seeded database and writes ``bench/out/paths.json``:

- ``mix``: at least ``--count`` (20,000) distinct paths in the weights of real use (MIX below):
  text with filters, ZIP radius, facets, filter-only with paging, details, consulates;
- one list of distinct variants per measured scenario (the words, places, languages and
  listings vary), so that every request of a scenario is a new answer.

    DATABASE_URL=postgres://... .venv/bin/python bench/mix.py [--count 20000] [--seed 2026]
"""

# ruff: noqa: E402  (Django is set up before the project's modules are imported)
import argparse
import json
import os
import random
import sys
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "amparo.settings")

import django

django.setup()

from wagtail.models import Locale

from api.serializers import KIND_TYPES
from directory.models import Language, Listing, Topic

OUT = Path(__file__).resolve().parent / "out" / "paths.json"
SEARCH = "/api/@search?"
# What people type: needs, kinds and places, in English and Spanish.
WORDS = [
    "immigration", "legal", "lawyer", "attorney", "abogado", "clinic", "u visa", "visa u",
    "asylum", "asilo", "bond", "fianza", "deportation", "deportación", "detained", "daca",
    "wage theft", "robo de salario", "retaliation", "represalias", "worker center",
    "centro de trabajadores", "consulate", "consulado", "fund", "fondo", "union", "sindicato",
    "free", "gratis", "tps", "know your rights", "raid", "hotline", "mam", "k'iche'", "spanish",
    "family", "services", "center", "defense", "workers", "mexico", "guatemala", "el salvador",
]  # fmt: skip
STATES = ["CA", "TX", "FL", "NY", "IL", "NJ", "GA", "WA", "AZ", "MA", "NC", "PA", "CO", "MD"]
COUNTRIES = ["MX", "GT", "SV", "HN", "DO", "EC", "CO"]
RADII = [10, 25, 50, 100]
# Weights of real use (share of requests).
MIX = {
    "text_filters": 30,
    "zip_radius": 20,
    "facets": 10,
    "filter_paging": 20,
    "detail": 15,
    "consulates": 5,
}


class Paths:
    def __init__(self, seed: int):
        self.random = random.Random(seed)
        default = Locale.get_default()
        listings = Listing.objects.public().filter(locale=default)
        self.details = list(listings.values_list("kind", "slug")[:20_000])
        zips = listings.exclude(postal_code="").values_list("postal_code", flat=True)
        self.zips = sorted(set(zips[:50_000]))
        self.languages = list(Language.objects.canonical().values_list("token", flat=True))
        self.topics = list(Topic.objects.canonical().values_list("token", flat=True))
        spoken = ["spa", "eng", "mam", "quc", "por", "hat", "fra", "vie", "cmn", "ara"]
        self.spoken = [code for code in spoken if code in self.languages] or self.languages

    def pick(self, values):
        return self.random.choice(values)

    def search(self, pairs) -> str:
        return SEARCH + urlencode(pairs)

    def text_filters(self) -> str:
        pairs = [("SearchableText", self.pick(WORDS)), ("state", self.pick(STATES))]
        if self.random.random() < 0.7:
            pairs.append(("languages", self.pick(self.spoken)))
        return self.search(pairs)

    def text_state_language(self) -> str:  # scenario 1
        return self.search(
            [
                ("SearchableText", self.pick(WORDS)),
                ("state", self.pick(STATES)),
                ("languages", self.pick(self.spoken)),
            ]
        )

    def zip_radius(self) -> str:
        pairs = [("near", self.pick(self.zips)), ("radius", self.pick(RADII))]
        if self.random.random() < 0.3:
            pairs.append(("portal_type", self.pick(["Attorney", "WorkerCenter"])))
        return self.search([*pairs, ("sort_on", "distance")])

    def near_50(self) -> str:  # scenario 2
        return self.search(
            [("near", self.pick(self.zips)), ("radius", 50), ("sort_on", "distance")]
        )

    def facets(self) -> str:
        pairs = [("SearchableText", self.pick(WORDS))]
        if self.random.random() < 0.5:
            pairs.append(("state", self.pick(STATES)))
        if self.random.random() < 0.5:
            pairs.append(("languages", self.pick(self.spoken)))
        return self.search(
            [*pairs, ("facets", "state"), ("facets", "languages"), ("facets", "topics")]
        )

    def filter_paging(self) -> str:
        pairs = [("state", self.pick(STATES)), ("topics", self.pick(self.topics))]
        if self.random.random() < 0.5:
            pairs.append(("languages", self.pick(self.spoken)))
        return self.search([*pairs, ("b_start", 25 * self.random.randrange(0, 8))])

    def detail(self) -> str:
        kind, slug = self.pick(self.details)
        path = f"/api/directory/{KIND_TYPES[kind][1]}/{slug}"
        return path + ("?language=es" if self.random.random() < 0.3 else "")

    def attorney_detail(self) -> str:  # scenario 4
        _kind, slug = self.pick([pair for pair in self.details[:5000] if pair[0] == "attorney"])
        return f"/api/directory/attorneys/{slug}"

    def consulates(self) -> str:
        return "/api/@consulates?" + urlencode(
            [("country", self.pick(COUNTRIES)), ("near", self.pick(self.zips))]
        )

    def distinct(self, make, count: int) -> list[str]:
        found: dict[str, None] = {}
        for _attempt in range(count * 20):
            found[make()] = None
            if len(found) >= count:
                break
        return list(found)


def build(count: int, seed: int) -> dict[str, list[str]]:
    paths = Paths(seed)
    total = sum(MIX.values())
    mix = []
    for name, weight in MIX.items():
        mix += paths.distinct(getattr(paths, name), count * weight // total + 1)
    paths.random.shuffle(mix)
    return {
        "mix": mix,
        "text_state_language": paths.distinct(paths.text_state_language, 5000),
        "near_50": paths.distinct(paths.near_50, 5000),
        "facets": paths.distinct(paths.facets, 5000),
        "attorney_detail": paths.distinct(paths.attorney_detail, 5000),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=20_000, help="distinct paths in the mix")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    built = build(args.count, args.seed)
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps(built))
    sizes = ", ".join(f"{name} {len(paths):,}" for name, paths in built.items())
    print(f"Wrote {OUT.name}: {sizes} distinct paths")  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main())
