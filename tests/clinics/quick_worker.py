"""A real ``clinics.worker.Worker`` whose crawl is a tiny process that notes its job's id:
run as ``python quick_worker.py DATABASE_URL LEDGER [EVENTS START]``, it runs queued jobs until
none is left.

With EVENTS and START it also notes, in EVENTS, that it is ready, then waits for the file START
to appear before it claims anything (so several workers begin at one moment), and notes each job
it claims and each job it finishes, with the status the worker gave it.
"""
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from clinics.worker import Worker  # noqa: E402

# The crawl: a shell that waits a moment and appends one line (a Python start would cost more).
NOTE = 'sleep 0.05; echo "$2" >> "$1"'
START_WAIT_S = 60


class QuickWorker(Worker):
    def __init__(self, database_url: str, ledger: str, events: str | None = None):
        super().__init__(database_url)
        self.ledger = ledger
        self.events = events

    def command(self, job, paths):
        return ["sh", "-c", NOTE, "note", self.ledger, f"{job.id} {self.worker_id}"]

    def run_job(self, job_id: int) -> str:
        self.note("claimed", job_id)
        status = super().run_job(job_id)
        self.note("finished", job_id, status)
        return status

    def note(self, *words: object) -> None:
        if self.events:
            with open(self.events, "a", encoding="utf-8") as events:
                events.write(" ".join(map(str, (*words, self.worker_id))) + "\n")


def wait_for(start: Path) -> None:
    deadline = time.monotonic() + START_WAIT_S
    while not start.exists():
        if time.monotonic() > deadline:
            raise SystemExit(f"{start} never appeared")
        time.sleep(0.01)


if __name__ == "__main__":
    url, ledger, *rest = sys.argv[1:]
    worker = QuickWorker(url, ledger, rest[0] if rest else None)
    if rest:
        worker.note("ready")
        wait_for(Path(rest[1]))
    print(worker.run(once=True))
