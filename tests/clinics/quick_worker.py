"""A real ``clinics.worker.Worker`` whose crawl is a tiny process that notes its job's id:
run as ``python quick_worker.py DATABASE_URL LEDGER``, it runs queued jobs until none is left."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from clinics.worker import Worker  # noqa: E402

NOTE = "import sys, time; time.sleep(0.05); open(sys.argv[1], 'a').write(sys.argv[2] + '\\n')"


class QuickWorker(Worker):
    def __init__(self, database_url: str, ledger: str):
        super().__init__(database_url)
        self.ledger = ledger

    def command(self, job, paths):
        return [sys.executable, "-c", NOTE, self.ledger, f"{job.id} {self.worker_id}"]


if __name__ == "__main__":
    print(QuickWorker(sys.argv[1], sys.argv[2]).run(once=True))
