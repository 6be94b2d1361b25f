"""python -m crawler.extract PATH_OR_URL [--url URL]: print the record one page states, as JSON.

A path reads a saved page (``--url`` says where it was saved from, so relative links and the
website resolve); an http(s) URL is fetched under the crawler's SSRF rules (loopback and private
hosts only with CRAWL_ALLOW_PRIVATE=1).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from crawler.extract import page_record


def record_of(path: str, url: str | None = None) -> dict:
    """The record a saved page states; ``url`` is where it was saved from (default: the file)."""
    file = Path(path)
    return page_record(file.read_bytes(), url or file.resolve().as_uri())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crawler.extract", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("source", help="a saved HTML file, or an http(s) URL to fetch")
    parser.add_argument("--url", help="the address the saved page came from")
    args = parser.parse_args(argv)
    if "://" in args.source:
        from crawler.fetch import RefusedURL, fetch

        try:
            url, html = fetch(args.source)
        except (RefusedURL, OSError) as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
    else:
        path = Path(args.source)
        if not path.is_file():
            print(f"error: no such file: {path}", file=sys.stderr)
            return 2
        url, html = args.url or path.resolve().as_uri(), path.read_bytes()
    json.dump(page_record(html, url), sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
