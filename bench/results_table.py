"""The benchmark's report (bench/RESULTS.md): each scenario's numbers against its targets, as a
Markdown table with what every column means. bench/run.py measures; this only writes."""


def verdict(s, floor: float | None) -> str:
    def met(ok: bool) -> str:
        return "met" if ok else "**missed**"

    checks = []
    if s.max_p50_ms is not None:
        checks.append(f"p50 < {s.max_p50_ms:g} ms: {met(s.single[0] < s.max_p50_ms)}")
    if s.max_p95_ms is not None:
        checks.append(f"p95 ≤ {s.max_p95_ms:g} ms: {met(s.single[1] <= s.max_p95_ms)}")
    if s.min_share is not None:
        share = met(s.rps / floor >= s.min_share) if s.rps and floor else "not measured"
        checks.append(f"≥ {s.min_share:.0%} of floor: {share}")
    return "; ".join(checks)


def table(items: list, requests: int) -> str:
    floor = items[-1].rps
    lines = [
        "| # | scenario | new answer, one at a time: p50 / p95 | kept answer: p50 / p95 "
        "| under load: req/s | p50 / p95 | of floor | target |",
        "| - | - | -: | -: | -: | -: | -: | - |",
    ]
    for number, s in enumerate(items, 1):
        if s.error:
            lines.append(f"| {number} | {s.name} | **error: {s.error}** | | | | | |")
            continue
        single = f"{s.single[0]:.1f} / {s.single[1]:.1f} ms"
        if s.samples < requests:
            single += f" ({s.samples} requests)"
        single += f" | {s.kept[0]:.1f} / {s.kept[1]:.1f} ms" if s.kept else " | "
        if s.load_error:
            load = f"**{s.load_error}** | | "
        else:
            share = f"{s.rps / floor:.0%}" if floor else "n/a"
            load = f"{s.rps:,.1f} | {s.loaded[0]:.1f} / {s.loaded[1]:.1f} ms | {share}"
        lines.append(f"| {number} | {s.name} | {single} | {load} | {verdict(s, floor)} |")
    lines.append("")
    for number, s in enumerate(items, 1):
        headers = "".join(f" with `{name}: {value}`" for name, value in s.headers.items())
        shown = f"`GET {s.path}`{headers}" if s.path.startswith("/") else s.path
        if s.variants:
            shown += f"; new answers on {len(s.variants):,} distinct variants, e.g. " + ", ".join(
                f"`{path}`" for path in s.variants[:2]
            )
        lines.append(f"{number}. {shown}")
    return "\n".join(lines)


def report(items: list, command: str, machine: list[str], seeding: list[str], requests: int) -> str:
    """RESULTS.md: how it was run, on what, and the table with its explanation."""
    seeded = [f"- bench/seed.py: {line}" for line in seeding]
    return "\n".join(
        [
            "# Benchmark results",
            "",
            f"Written by `{command}` (`make bench` runs bench/run.py); bench/README.md explains "
            "each number.",
            "",
            *machine,
            *seeded,
            "",
            table(items, requests),
            "",
            "Targets at 100,000 listings: one-at-a-time p50 under 25 ms for 1-4 and no p95 over "
            "100 ms; 1-4 and the mix at 25% or more of the floor's throughput; 304s at 80% or "
            "more.",
            "",
            "A *new answer* is worked out from the database: each request is a distinct variant "
            "of the scenario (bench/mix.py) and the public version is bumped before each one (as "
            "a publish would), so no kept answer can serve it; the p50 and p95 targets are "
            "judged on it. A *kept answer* is the scenario's one path shown, repeated, served "
            "from the kept-answer cache (api/caching.py) under its ETag. *Under load*, wrk sends "
            "each scenario's variants not sent yet, one per request, so these are new answers "
            "too (the 304 and the floor repeat their one path). The *realistic mix* is distinct "
            "requests in the weights of real use (bench/mix.py: MIX).",
            "",
        ]
    )
