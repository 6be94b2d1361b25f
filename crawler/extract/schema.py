"""schema.org data of a page as plain nested dicts: JSON-LD, microdata and RDFa via extruct.

Yoast and other WordPress plugins emit one ``@graph`` whose nodes point at each other by
``@id`` ({"@id": "https://site/#organization"}); RDFa comes out of extruct in expanded JSON-LD
form, with full property IRIs and {"@value": ...} wrappers. Both are brought to the compact
shape microdata already has (short property names, nested nodes inline), so one reader serves
all three. References are resolved to a bounded depth: a graph may point in circles.
"""
from __future__ import annotations

import extruct

SCHEMA_PREFIXES = ("http://schema.org/", "https://schema.org/", "schema:")
MAX_DEPTH = 6


def _short(name: str) -> str:
    for prefix in SCHEMA_PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix):]
    return name


def types(node: dict) -> set[str]:
    kind = node.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {_short(k) for k in kinds if isinstance(k, str)}


def as_list(value) -> list:
    return value if isinstance(value, list) else [] if value is None else [value]


def _syntaxes(html: str) -> list[str]:
    """Only the parsers whose markup the page has: RDFa parsing is slow, and most pages
    carry one kind of data or none."""
    wanted = []
    if "ld+json" in html:
        wanted.append("json-ld")
    if "itemscope" in html:
        wanted.append("microdata")
    if "typeof=" in html or "vocab=" in html:
        wanted.append("rdfa")
    return wanted


def raw_items(html: str, url: str, tree=None) -> list[dict]:
    """Every top-level item extruct finds, RDFa compacted; [] for pages without any.

    ``tree`` is the page already parsed by ``lxml.html``: JSON-LD and microdata are read from
    it instead of parsing the page again. RDFa needs extruct's own DOM parser.
    """
    syntaxes = _syntaxes(html)
    if not syntaxes:
        return []
    document = tree if tree is not None and "rdfa" not in syntaxes else html
    try:
        data = extruct.extract(document, base_url=url, syntaxes=syntaxes, uniform=True,
                               errors="ignore")
    except Exception:  # extruct raises many kinds of errors on hostile markup
        return []
    items = [i for key in ("json-ld", "microdata") for i in data.get(key, []) if isinstance(i, dict)]
    return items + [_compact(i) for i in data.get("rdfa", []) if isinstance(i, dict)]


def _compact(node):
    """Expanded JSON-LD (RDFa's form) as compact: short keys, bare values, no 1-item lists."""
    if isinstance(node, list):
        values = [_compact(v) for v in node]
        return values[0] if len(values) == 1 else values
    if not isinstance(node, dict):
        return node
    if "@value" in node:
        return node["@value"]
    out = {}
    for key, value in node.items():
        if key == "@type":
            out[key] = [_short(k) for k in as_list(value)]
        elif key.startswith("@"):
            out[key] = value
        elif any(key.startswith(p) for p in SCHEMA_PREFIXES):
            out[_short(key)] = _compact(value)
    return out


def _flatten(items: list[dict]) -> list[dict]:
    """Top-level nodes, each @graph opened."""
    nodes = []
    for item in items:
        graph = item.get("@graph")
        nodes.extend(n for n in [item, *as_list(graph)] if isinstance(n, dict) and
                     (n is not item or not graph or types(n)))
    return nodes


def _index(nodes: list[dict]) -> dict[str, dict]:
    """Every node that has an @id and says something besides it, by @id (first one wins,
    later copies with more properties fill in)."""
    index: dict[str, dict] = {}
    stack = list(nodes)
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
            continue
        if not isinstance(node, dict):
            continue
        key = node.get("@id")
        if isinstance(key, str) and len(node) > 1:
            index[key] = {**node, **index.get(key, {})}
        stack.extend(v for k, v in node.items() if not k.startswith("@"))
    return index


def _resolve(value, index: dict[str, dict], depth: int):
    if isinstance(value, list):
        return [_resolve(v, index, depth) for v in value]
    if not isinstance(value, dict):
        return value
    key = value.get("@id")
    if isinstance(key, str) and set(value) <= {"@id", "@type"} and key in index:
        value = index[key]
    if depth >= MAX_DEPTH:
        return {k: v for k, v in value.items() if not isinstance(v, (dict, list))}
    return {k: (v if k.startswith("@") else _resolve(v, index, depth + 1))
            for k, v in value.items()}


def schema_nodes(html: str, url: str, tree=None) -> list[dict]:
    """Every schema.org node of the page, references resolved, in page order."""
    nodes = _flatten(raw_items(html, url, tree))
    index = _index(nodes)
    return [_resolve(node, index, 0) for node in nodes]
