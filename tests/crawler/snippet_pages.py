"""Small pages around a snippet of body HTML, read by the extractor, for tests of its rules."""
from __future__ import annotations

from crawler.extract import page_record

URL = "https://clinic.example/"


def snippet_record(body: str, head: str = "<title>Juniper Ketamine Clinic</title>") -> dict:
    return page_record(f"<html><head>{head}</head><body><main>{body}</main></body></html>", URL)


def evidence_quotes(record: dict, field: str) -> list[str]:
    return [entry["quote"] for entry in record["evidence"].get(field, [])]
