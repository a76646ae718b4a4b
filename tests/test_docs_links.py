"""The project's docs stand on their own: a clone holds everything they link to. No file links
outside the repository (to the founding team's design folder beside it, or to absolute paths
on their machine), and every relative Markdown link points at a file or folder that exists."""

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIPPED_DIRS = {".git", ".venv", "venv", "node_modules", "__pycache__", "media", "static_root",
                ".pytest_cache", ".ruff_cache", "htmlcov", "out"}  # fmt: skip
TEXT_SUFFIXES = {".md", ".py", ".html", ".txt", ".toml", ".cfg", ".ini", ".yml", ".yaml",
                 ".json", ".js", ".css", ".po", ".sh", ""}  # fmt: skip
# Built from parts so this file does not match itself.
OUTSIDE = re.compile(re.escape("../" + "shared") + "|" + re.escape("/" + "work/"))
LINK = re.compile(r"\]\(([^)\s]+)\)")


def repository_files() -> list[Path]:
    """The files a clone has: git's list when this is a checkout, else every file but caches."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
        ).stdout.decode()
        return [ROOT / name for name in listed.split("\0") if name]
    except (OSError, subprocess.CalledProcessError):
        return [
            path
            for path in ROOT.rglob("*")
            if not set(path.relative_to(ROOT).parts) & SKIPPED_DIRS
            and not any(
                part.startswith(".") and part != ".ci" for part in path.relative_to(ROOT).parts
            )
        ]


def text_files() -> list[Path]:
    return [
        path
        for path in repository_files()
        if path.is_file()
        and path.suffix in TEXT_SUFFIXES
        and path.stat().st_size < 2_000_000  # data files (ZIP tables, schemas' examples)
    ]


def test_no_file_points_outside_the_repository():
    found = []
    for path in text_files():
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        for number, line in enumerate(text.splitlines(), 1):
            if OUTSIDE.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not found, "\n".join(found)


def test_every_relative_markdown_link_resolves_inside_the_repository():
    broken = []
    for path in text_files():
        if path.suffix != ".md":
            continue
        for target in LINK.findall(path.read_text(encoding="utf-8")):
            if re.match(r"^[a-z][a-z0-9+.-]*:|^#", target):  # a URL, an anchor
                continue
            file_part = target.split("#", 1)[0]
            resolved = (path.parent / file_part).resolve()
            if target.startswith("/") or not resolved.is_relative_to(ROOT):
                broken.append(f"{path.relative_to(ROOT)}: {target} (outside the repository)")
            elif not resolved.exists():
                broken.append(f"{path.relative_to(ROOT)}: {target} (missing)")
    assert not broken, "\n".join(broken)
