"""The saved pages the fault tests start from: the hand-written clinic pages and the
real-world pages under tests/data, as text."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
FOLDERS = ("clinic_pages", "real_world")


@lru_cache(maxsize=1)
def saved_pages() -> tuple[tuple[str, str], ...]:
    """(file name, HTML) of every saved page, in a stable order."""
    paths = sorted(path for folder in FOLDERS for path in (DATA_DIR / folder).glob("*.html"))
    return tuple((path.name, path.read_text(encoding="utf-8", errors="replace"))
                 for path in paths)


def saved_html() -> list[str]:
    return [html for _, html in saved_pages()]
