"""python -m crawler.extract: a saved page, or a URL fetched under the crawler's SSRF rules."""
from __future__ import annotations

import json
import subprocess
import sys

from saved_pages import DATA_DIR, ROOT


def _extract(tmp_path, *args: str, allow_private: bool = False) -> subprocess.CompletedProcess:
    env = {"PATH": "", "PYTHONPATH": str(ROOT), "CLINICS_VAR": str(tmp_path)}
    if allow_private:
        env["CRAWL_ALLOW_PRIVATE"] = "1"
    return subprocess.run([sys.executable, "-m", "crawler.extract", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)


def test_a_saved_page_is_printed_as_a_record(tmp_path):
    result = _extract(tmp_path, str(DATA_DIR / "prose_clinic.html"), "--url",
                      "https://bayview.example/")
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert (record["name"], record["phone"]) == ("Bayview Renewal Clinic", "+14105550123")


def test_a_loopback_url_is_fetched_when_private_addresses_are_allowed(tmp_path, truth):
    record = truth[0]
    result = _extract(tmp_path, record["website"].rstrip("/"), allow_private=True)
    assert result.returncode == 0, result.stderr
    printed = json.loads(result.stdout)
    assert (printed["name"], printed["phone"]) == (record["name"], record["phone"])


def test_a_loopback_url_is_refused_by_default(tmp_path, sample_web_url):
    result = _extract(tmp_path, sample_web_url + "/")
    assert result.returncode == 2
    assert "private_address" in result.stderr and result.stdout == ""


def test_other_schemes_and_missing_files_are_errors(tmp_path):
    assert "scheme" in _extract(tmp_path, "file:///etc/passwd").stderr
    missing = _extract(tmp_path, str(tmp_path / "nothing.html"))
    assert missing.returncode == 2 and "no such file" in missing.stderr
