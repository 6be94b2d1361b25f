"""A damaged, missing or unwritable index: 503 while it lasts (never 400, never 500), then
`flask --app webapp index check` rebuilds it and search answers 200 again, with no restart.

The damage is done to a real index on disk: random bytes over a segment's table of contents, an
empty term file, a damaged posting list (only read when a search asks for one of its words), a
segment file that cannot be read, a generation deleted. The operator's command runs as its own
process, as it would beside a running site. A rebuild into a read-only folder, or onto a full
disk, ends with a message and leaves the index in use as it was.
"""
from __future__ import annotations

import os
import random
import resource
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from search_index import IndexWriteError, rebuild
from search_index.generations import current
from search_index.readers import close_thread_searchers

from databases import run_engine
from fault_directory import Directory, build_directory, make_app

ROOT = Path(__file__).resolve().parents[2]


def live_file(directory: Directory, suffix: str) -> Path:
    """The live generation's file ending in ``suffix`` (.toc, .trm, .pst, _stored.col, ...)."""
    found = [path for path in current(directory.index_dir).iterdir()
             if path.name.endswith(suffix)]
    assert len(found) == 1, found
    return found[0]


def random_bytes(path: Path) -> None:
    path.write_bytes(random.Random(path.name).randbytes(max(64, path.stat().st_size)))


def emptied(path: Path) -> None:
    path.write_bytes(b"")


def unreadable(path: Path) -> None:
    """A file no reader can open (a directory in its place: root reads any file mode)."""
    path.unlink()
    path.mkdir()


DAMAGE = {
    "random bytes in the .toc": (".toc", random_bytes),
    "an empty .trm": (".trm", emptied),
    "a damaged posting list": (".pst", random_bytes),
    "random bytes in the stored rows": ("_stored.col", random_bytes),
    "an unreadable .trm": (".trm", unreadable),
    "a missing .pst": (".pst", Path.unlink),
}


def index_check(directory: Directory, tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    """`flask --app webapp index check` as an operator runs it: its own process, same folders."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DATABASE_URL": directory.database_url,
           "CLINICS_INDEX_DIR": str(directory.index_dir), "CLINICS_VAR": str(tmp_path / "cli")}
    return subprocess.run([sys.executable, "-m", "flask", "--app", "webapp", "index", "check",
                           *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def assert_search_unavailable(client, readiness_sees_it: bool = True) -> None:
    """503s from the page and the API; /readyz says so too, unless the damage is in a posting
    list, which its cheap probe (a word no clinic has) never reads."""
    page = client.get("/search?q=ketamine&near=21201")
    assert page.status_code == 503 and page.headers["Retry-After"] == "30"
    assert "Search is unavailable for a moment" in page.text
    assert 'href="tel:988"' in page.text
    api = client.get("/api/v1/search?q=ketamine")
    assert api.status_code == 503 and api.headers["Retry-After"] == "30"
    assert api.get_json()["error"]["code"] == "index_unavailable"
    if readiness_sees_it:
        health = client.get("/readyz")
        assert health.status_code == 503
        assert health.get_json() == {"status": "degraded", "database": "ok",
                                     "index": "unavailable"}


def assert_search_answers(client) -> None:
    page = client.get("/search?q=ketamine&near=21201")
    assert page.status_code == 200 and "Harbor Ketamine Center" in page.text
    assert client.get("/api/v1/search?q=ketamine").get_json()["total"] >= 1
    assert client.get("/readyz").status_code == 200


def test_a_corrupt_segment_is_503_until_index_check_rebuilds_it(fault_directory, tmp_path):
    client = make_app(fault_directory).test_client()
    assert_search_answers(client)
    close_thread_searchers()  # the site's next search opens the index from disk
    random_bytes(live_file(fault_directory, ".toc"))

    assert_search_unavailable(client)
    checked = index_check(fault_directory, tmp_path)
    assert checked.returncode == 0, checked.stderr
    assert "The search index cannot be read" in checked.stdout
    assert "Rebuilding the index from the database." in checked.stdout
    assert checked.stdout.rstrip().endswith("4 sampled agree.")
    assert_search_answers(client)


@pytest.mark.parametrize("damage", [name for name in DAMAGE if name != "random bytes in the .toc"])
def test_every_kind_of_damage_is_503_and_index_check_repairs_it(run_directory, tmp_path,
                                                                damage):
    suffix, spoil = DAMAGE[damage]
    client = make_app(run_directory).test_client()
    assert_search_answers(client)
    close_thread_searchers()
    spoil(live_file(run_directory, suffix))

    assert_search_unavailable(client, readiness_sees_it=suffix != ".pst" or spoil is Path.unlink)
    checked = index_check(run_directory, tmp_path)
    assert checked.returncode == 0, checked.stderr
    assert "Rebuilding the index from the database." in checked.stdout, checked.stdout
    assert "Traceback" not in checked.stderr
    assert_search_answers(client)


def test_a_missing_index_is_503_not_a_bad_request(run_directory, tmp_path):
    client = make_app(run_directory).test_client()
    close_thread_searchers()
    shutil.rmtree(run_directory.index_dir)
    assert_search_unavailable(client)
    checked = index_check(run_directory, tmp_path)
    assert checked.returncode == 0, checked.stderr
    assert "The search index has not been built yet." in checked.stdout
    assert_search_answers(client)


def test_index_check_without_rebuilding_says_what_to_do(run_directory, tmp_path):
    close_thread_searchers()
    emptied(live_file(run_directory, ".trm"))
    checked = index_check(run_directory, tmp_path, "--no-rebuild")
    assert checked.returncode == 1
    assert "The search index cannot be read (FileFormatError" in checked.stdout
    assert "Run `index rebuild`" in checked.stderr and "Traceback" not in checked.stderr


def test_index_commands_without_their_database_end_with_a_message(sqlite_directory, tmp_path):
    gone = Directory("sqlite", f"sqlite:///{tmp_path / 'gone' / 'clinics.sqlite3'}",
                     sqlite_directory.index_dir, "")
    checked = index_check(gone, tmp_path)
    assert checked.returncode == 1
    assert "Could not reach the database (OperationalError: (sqlite3.OperationalError) unable " \
           "to open database file)" in checked.stderr
    assert "Traceback" not in checked.stderr and not (tmp_path / "gone").exists()


class ReadOnly:
    """A folder nobody may write into: its mode for a user, the immutable flag for root (who
    ignores modes). Given back as it was afterwards."""

    def __init__(self, path: Path):
        self.path = path

    def __enter__(self):
        if os.geteuid() != 0:
            self.mode = self.path.stat().st_mode
            self.path.chmod(0o555)
            return self
        done = subprocess.run(["chattr", "+i", str(self.path)], capture_output=True, text=True)
        if done.returncode != 0:
            if os.environ.get("CI"):
                raise AssertionError(f"cannot make {self.path} read-only: {done.stderr}")
            pytest.skip(f"cannot make a folder read-only for root here: {done.stderr.strip()}")
        return self

    def __exit__(self, *exc):
        if os.geteuid() != 0:
            self.path.chmod(self.mode)
        else:
            subprocess.run(["chattr", "-i", str(self.path)], check=True)


def generations_of(directory: Directory) -> list[str]:
    return sorted(path.name for path in directory.index_dir.glob("gen-*"))


def test_a_read_only_index_folder_gives_a_clear_error_and_the_old_index_serves(
        run_directory):
    app = make_app(run_directory)
    client = app.test_client()
    before = (current(run_directory.index_dir), generations_of(run_directory))
    with ReadOnly(run_directory.index_dir):
        result = app.test_cli_runner().invoke(args=["index", "rebuild"])
        assert_search_answers(client)
    assert result.exit_code == 1
    assert "Could not write the search index under" in result.output
    assert "The index in use was left as it was" in result.output
    assert (current(run_directory.index_dir), generations_of(run_directory)) == before
    assert_search_answers(client)


@pytest.fixture
def large_directory(tmp_path, fault_env):
    """Enough clinics that the index's files outgrow a small file-size limit."""
    yield from build_directory(run_engine(), tmp_path / "large", fillers=150)


def _small_disk() -> None:
    """In the rebuilding process: files may not grow past 64 KiB, as on a full disk; the write
    fails (EFBIG) instead of the process being killed."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, resource.RLIM_INFINITY))


def test_a_full_disk_at_rebuild_gives_a_clear_error_and_the_old_index_serves(large_directory,
                                                                           tmp_path):
    client = make_app(large_directory).test_client()
    assert_search_answers(client)
    before = (current(large_directory.index_dir), generations_of(large_directory))
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DATABASE_URL": large_directory.database_url,
           "CLINICS_INDEX_DIR": str(large_directory.index_dir),
           "CLINICS_VAR": str(tmp_path / "cli")}
    result = subprocess.run([sys.executable, "-m", "flask", "--app", "webapp", "index", "rebuild"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
                            preexec_fn=_small_disk)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Could not write the search index under" in result.stderr
    assert "File too large" in result.stderr and "Traceback" not in result.stderr
    assert (current(large_directory.index_dir), generations_of(large_directory)) == before
    assert_search_answers(client)


def test_rebuild_reports_the_disk_refusal_as_index_write_error(run_directory):
    with ReadOnly(run_directory.index_dir):
        with pytest.raises(IndexWriteError, match="The index in use was left as it was"):
            rebuild(run_directory.database_url, run_directory.index_dir)
