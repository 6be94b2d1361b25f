"""Crawler settings that keep crawls polite, bounded and off the network unless asked."""
from __future__ import annotations

import subprocess
import sys

import pytest
from scrapy.settings import Settings

import config
from crawler import settings as crawler_settings
from saved_pages import ROOT


def _settings() -> Settings:
    return Settings(values={k: v for k, v in vars(crawler_settings).items() if k.isupper()})


def test_polite_by_default():
    s = _settings()
    assert s.getbool("ROBOTSTXT_OBEY") and s.getbool("AUTOTHROTTLE_ENABLED")
    assert s.get("USER_AGENT") == config.load().crawl_user_agent
    assert s.getfloat("DOWNLOAD_DELAY") >= 1 and s.getint("CONCURRENT_REQUESTS_PER_DOMAIN") == 1


def test_bounded():
    s = _settings()
    assert 0 < s.getint("DOWNLOAD_WARNSIZE") < s.getint("DOWNLOAD_MAXSIZE") <= 10 * 1024 * 1024
    assert s.getint("DEPTH_LIMIT") > 0 and s.getint("CLOSESPIDER_PAGECOUNT") > 0
    assert s.getint("DOMAIN_PAGE_LIMIT") > 0 and s.getint("MEMUSAGE_LIMIT_MB") > 0
    assert s.getdict("DOWNLOADER_MIDDLEWARES")["crawler.middlewares.DomainPageLimitMiddleware"]


def test_server_errors_are_retried_with_backoff():
    s = _settings()
    middlewares = s.getdict("DOWNLOADER_MIDDLEWARES")
    assert middlewares["scrapy.downloadermiddlewares.retry.RetryMiddleware"] is None
    assert middlewares["crawler.middlewares.BackoffRetryMiddleware"] == 550
    assert {500, 502, 503, 504} <= set(s.getlist("RETRY_HTTP_CODES"))
    assert 0 < s.getfloat("RETRY_BACKOFF_BASE_S") <= s.getfloat("RETRY_BACKOFF_MAX_S")


def test_a_killed_job_is_guarded_and_the_registry_is_a_setting():
    s = _settings()
    assert "crawler.jobdir.JobDirGuard" in s.getdict("EXTENSIONS")
    assert s.get("NPI_API_URL") == "https://npiregistry.cms.hhs.gov/api/"


def test_nothing_listens_or_phones_home():
    s = _settings()
    assert not s.getbool("COOKIES_ENABLED")
    assert not s.getbool("TELNETCONSOLE_ENABLED")
    assert not s.getbool("REMOTE_CONTROL_ENABLED")
    assert not s.getbool("HTTPCACHE_ENABLED")
    assert s.get("HTTPCACHE_POLICY").endswith("RFC2616Policy")


@pytest.mark.parametrize(("value", "shown"), [("1", "True"), ("", "False")])
def test_the_project_reads_crawl_allow_private_from_the_environment(tmp_path, value, shown):
    env = {"PATH": "", "PYTHONPATH": str(ROOT), "CLINICS_VAR": str(tmp_path),
           "CRAWL_ALLOW_PRIVATE": value}
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "settings", "--get", "CRAWL_ALLOW_PRIVATE"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == shown, result.stderr
