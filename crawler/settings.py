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
DEPTH_LIMIT = 10
CLOSESPIDER_PAGECOUNT = 5000
MEMUSAGE_LIMIT_MB = 2048
REDIRECT_MAX_TIMES = 5

RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]

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
DOWNLOADER_MIDDLEWARES = {"crawler.middlewares.SsrfGuardMiddleware": 50}

DATABASE_URL = _settings.database_url
ITEM_PIPELINES = {
    "crawler.pipelines.ValidateClinicPipeline": 100,
    "crawler.pipelines.IngestClinicPipeline": 500,
}

LOG_LEVEL = "INFO"
FEED_EXPORT_ENCODING = "utf-8"
