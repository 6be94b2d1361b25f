"""Scrapy settings of the clinic crawler. Values shared with the rest of the project come from
``config.load()``; any of them can be overridden per run with ``-s NAME=value``."""
from __future__ import annotations

import config

_settings = config.load()

BOT_NAME = "crawler"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"

# Politeness: identify ourselves, obey robots.txt, one request at a time per site, adaptive delay.
USER_AGENT = _settings.crawl_user_agent
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 1
DOWNLOAD_DELAY = 1
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1
AUTOTHROTTLE_MAX_DELAY = 30
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

# Bounds: page size (decompression bombs too), depth, pages per crawl, time per request, memory.
DOWNLOAD_MAXSIZE = 5 * 1024 * 1024
DOWNLOAD_WARNSIZE = 1024 * 1024
DOWNLOAD_TIMEOUT = 30
# DEPTH_LIMIT counts hops within one site: spiders reset it where a crawl rightly goes deep (the
# next page of results, a directory's link to a clinic's own site) and bound those by themselves.
DEPTH_LIMIT = 10
# Pages per host per crawl (0: no limit); the sample web serves everything from one host, so its
# crawls lift this.
DOMAIN_PAGE_LIMIT = 1000
CLOSESPIDER_PAGECOUNT = 50000
MEMUSAGE_LIMIT_MB = 2048
REDIRECT_MAX_TIMES = 5
# A page is read only within these bounds (0 lifts one): links on it, levels of markup nesting
# (the HTML parser itself gives up past 255). Beyond them it is rejected before extraction and
# counted as page_rejected/too_many_links or page_rejected/too_deep.
PAGE_MAX_LINKS = 5000
PAGE_MAX_NESTING = 200

# Retries of server errors and timeouts, each after a longer pause (1 s, 2 s, 4 s ... at most 60 s).
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
RETRY_BACKOFF_BASE_S = 1.0
RETRY_BACKOFF_MAX_S = 60.0

# Nothing here may reach the network or listen on it on its own: cookies are off (Scrapy's cookie
# middleware would download the public suffix list through tldextract), and so are the telnet
# console and the remote-control server (it runs posted Python code inside the crawl process).
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False

# Development only (-s HTTPCACHE_ENABLED=1): a cache that honours HTTP freshness rules.
HTTPCACHE_ENABLED = False
HTTPCACHE_DIR = str(_settings.httpcache_dir)
HTTPCACHE_POLICY = "scrapy.extensions.httpcache.RFC2616Policy"

# SSRF guard: refuse non-http(s) URLs and private addresses unless CRAWL_ALLOW_PRIVATE is set.
CRAWL_ALLOW_PRIVATE = _settings.crawl_allow_private
DOWNLOADER_MIDDLEWARES = {
    # A spider's allowed_domains (-a allowed_domains=...) bind even requests marked dont_filter.
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
    "crawler.offsite.AllowedDomainsMiddleware": 45,
    "crawler.middlewares.SsrfGuardMiddleware": 50,
    "crawler.middlewares.DomainPageLimitMiddleware": 120,
    # Sees responses after decompression and redirects, and failures after the last retry.
    "crawler.middlewares.PageBoundsMiddleware": 540,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.BackoffRetryMiddleware": 550,
    # Scrapy's own, with their refusals counted (and redirect loops cut at the first repeat).
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "crawler.middlewares.LoopSafeMetaRefreshMiddleware": 580,
    "scrapy.downloadermiddlewares.httpcompression.HttpCompressionMiddleware": None,
    "crawler.middlewares.BoundedDecompressionMiddleware": 590,
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "crawler.middlewares.LoopSafeRedirectMiddleware": 600,
}

# Resumable crawls: run with -s JOBDIR=<a directory of this job only>. A run stopped cleanly resumes
# where it stopped; after a kill, the guard restarts the job without redoing stored units.
EXTENSIONS = {"crawler.jobdir.JobDirGuard": 10, "crawler.extensions.StatsFile": 500,
              "crawler.extensions.LiveStats": 490, "crawler.job_record.JobRecordStats": 495}
# -s STATS_FILE=<path>: the crawl's final stats are written there as JSON.
STATS_FILE = None
# -s LIVE_STATS_FILE=<path>: the crawl's stats so far, rewritten every LIVE_STATS_INTERVAL seconds.
LIVE_STATS_FILE = None
LIVE_STATS_INTERVAL = _settings.crawl_live_stats_s
# -s CRAWL_JOB_ID=<id> -s CRAWL_JOB_WORKER=<worker id>: the crawl writes its stats into that job's
# record in DATABASE_URL itself (a crawl on a Scrapyd node, away from its worker).
CRAWL_JOB_ID = None
CRAWL_JOB_WORKER = None

DATABASE_URL = _settings.database_url
ITEM_PIPELINES = {
    "crawler.pipelines.ValidateItemPipeline": 100,
    "crawler.pipelines.IngestPipeline": 500,
}
# Base URL of the NPPES NPI Registry API (version 2.1); tests point it at the sample web's stand-in.
NPI_API_URL = "https://npiregistry.cms.hhs.gov/api/"

LOG_LEVEL = "INFO"
FEED_EXPORT_ENCODING = "utf-8"

# Scrapy starts this many item workers for every callback's output; our callbacks yield a few
# items and requests each, and the default (100) spends more time creating idle asyncio tasks than
# extracting pages.
CONCURRENT_ITEMS = 8
