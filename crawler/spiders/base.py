"""What every spider of this project shares: state that survives a clean stop, and the units of
work a killed run of the same job already stored (see ``crawler.jobdir``)."""
from __future__ import annotations

from clinics.domains import clean_domains, split_domains
from crawler.jobdir import Ledger

TRUE_WORDS = {"1", "true", "yes", "on"}


def flag(value) -> bool:
    """A spider argument (``-a demo=1``) read as a boolean."""
    return str(value).strip().lower() in TRUE_WORDS


class JobAware:
    """Mixin for a ``scrapy.Spider``.

    ``-a allowed_domains=a.example,b.example`` keeps the crawl on those hosts and their
    subdomains: it becomes ``allowed_domains``, which the offsite middleware enforces.
    """

    def __init__(self, *args, allowed_domains=None, **kwargs):
        super().__init__(*args, **kwargs)
        domains = clean_domains(split_domains(allowed_domains))
        if domains:
            self.allowed_domains = domains

    def crawl_state(self, key: str, factory):
        """Spider state under ``key``: in ``spider.state`` (saved by Scrapy when a ``JOBDIR`` job
        stops cleanly) when there is one, else in memory."""
        state = getattr(self, "state", None)
        if state is None:
            state = self.__dict__.setdefault("_memory_state", {})
        if key not in state:
            state[key] = factory()
        return state[key]

    @property
    def done_units(self) -> set[str]:
        if "_done_units" not in self.__dict__:
            crawler = getattr(self, "crawler", None)
            self._done_units = Ledger(crawler.settings.get("JOBDIR") if crawler else None).keys()
        return self._done_units

    def already_done(self, unit: str) -> bool:
        """True (and counted) when this job stored the unit before it was killed."""
        if unit in self.done_units:
            self.crawler.stats.inc_value("jobdir/skipped_units")
            return True
        return False
