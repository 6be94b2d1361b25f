"""Domain errors whose messages a person can act on; each face translates them."""


class InvalidRecord(ValueError):
    """A crawled record that cannot be stored; ``reason`` is a short code counted in crawl stats."""

    def __init__(self, reason: str, detail: str = ""):
        self.reason = reason
        self.detail = detail
        super().__init__(f"{reason}: {detail}" if detail else reason)
