"""The Scrapy project: spiders fetch pages, ``crawler.extract`` reads them, pipelines validate
items and hand them to ``clinics.ingest``, the one write path into the database."""
