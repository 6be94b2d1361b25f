"""Spider ``npi_registry``: checks the practitioners in the database against the NPI registry.

Reads ``clinics.credentials.practitioners_to_verify`` from ``DATABASE_URL``; asks the NPPES API
2.1 (setting ``NPI_API_URL``) by number when the clinic published a valid NPI (Luhn check digit
with prefix 80840; an invalid one is never sent), else by name and licence state; yields one
``NpiCheckItem`` per answer, stored through ``clinics.credentials.record_npi_check``.
Arguments: ``-a limit=N`` checks at most N practitioners (default: all).
"""
from __future__ import annotations

import asyncio
import json
from dataclasses import asdict, replace

import scrapy
from sqlalchemy import select

import config
from clinics.credentials import PractitionerToVerify, practitioners_to_verify
from clinics.db import session_scope
from clinics.models import Clinic, clinic_practitioners
from clinics.records import npi_is_valid
from crawler.items import NpiCheckItem
from crawler.npi import query_url, verdict
from crawler.spiders.base import JobAware

# Unreadable answers are retried by nobody: the next run of the spider asks again.
NOT_RECORDED = ("api_error",)


def _load(database_url: str) -> list[PractitionerToVerify]:
    """The practitioners to check; one whose licence state no page gave is searched in the
    state of the clinics they practise at, when those are all in one state."""
    with session_scope(database_url) as session:
        people = practitioners_to_verify(session)
        states = _practice_states(session)
    return [person if person.license_state else replace(
        person, license_state=_only(states.get(person.id, set()))) for person in people]


def _practice_states(session) -> dict[int, set[str]]:
    rows = session.execute(
        select(clinic_practitioners.c.practitioner_id, Clinic.state)
        .join(Clinic, Clinic.id == clinic_practitioners.c.clinic_id)).all()
    states: dict[int, set[str]] = {}
    for practitioner_id, state in rows:
        if state:
            states.setdefault(practitioner_id, set()).add(state)
    return states


def _only(values: set[str]) -> str | None:
    return next(iter(values)) if len(values) == 1 else None


class NpiRegistrySpider(JobAware, scrapy.Spider):
    name = "npi_registry"

    def __init__(self, limit: str | int = 0, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit = int(limit)

    async def start(self):
        settings = self.crawler.settings
        database_url = settings.get("DATABASE_URL") or config.load().database_url
        people = await asyncio.get_running_loop().run_in_executor(None, _load, database_url)
        for person in people[: self.limit or None]:
            request = self.check_request(person, settings.get("NPI_API_URL"))
            if request is not None:
                yield request

    def check_request(self, person: PractitionerToVerify, api_url: str) -> scrapy.Request | None:
        """The registry query for one practitioner, or None (counted) when none can be made."""
        stats = self.crawler.stats
        if self.already_done(f"npi:{person.id}"):
            return None
        if person.npi and not npi_is_valid(person.npi):
            stats.inc_value("npi_registry/skipped/invalid_npi")
            return None
        if not person.npi and not (person.first_name and person.last_name):
            stats.inc_value("npi_registry/skipped/no_name")
            return None
        if not person.npi and not person.license_state:
            stats.inc_value("npi_registry/skipped/no_state")
            return None
        return scrapy.Request(query_url(api_url, person), callback=self.parse,
                              cb_kwargs={"person": asdict(person)}, dont_filter=True)

    def parse(self, response, person: dict):
        who = PractitionerToVerify(**{**person, "credentials": tuple(person["credentials"])})
        try:
            answer = json.loads(response.text)
        except (ValueError, AttributeError):
            answer = {"Errors": [{"description": "not JSON"}]}
        if not isinstance(answer, dict):
            answer = {"Errors": [{"description": "not an object"}]}
        found = verdict(answer, who)
        self.crawler.stats.inc_value(f"npi_registry/{found.reason}")
        if found.reason in NOT_RECORDED:
            return
        yield NpiCheckItem(practitioner_id=who.id, npi=found.npi, verified=found.verified,
                           taxonomy=found.taxonomy, source_url=response.url, reason=found.reason,
                           job_unit=f"npi:{who.id}")
