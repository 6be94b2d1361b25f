"""Deploying the crawler to Scrapyd: an egg of the project built at deploy time with setuptools,
uploaded to every node through ``addversion.json``.

The egg holds what a crawl imports: the ``crawler`` Scrapy project, the ``clinics`` domain it
writes through, and ``config``; its ``scrapy`` entry point names ``crawler.settings``. The
packages the project depends on (Scrapy, SQLAlchemy, ...) are installed on each node from
``requirements.txt``, as on any machine of the project. Scrapyd runs the newest version of a
project, so each deploy is a new version: the time of the build, unless one is given.
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import config
from clinics.scrapyd_api import ScrapydError, ScrapydNode

PACKAGES = ("crawler", "clinics")
MODULES = ("config",)
BUILD_TIMEOUT_S = 120
# Run as ``python -c`` in the repository: setuptools' own commands, with every file they write
# (egg-info, build tree, the egg) sent to a temporary folder instead of the repository.
SETUP_SCRIPT = """
import sys
from setuptools import find_packages, setup
packages = [p for p in find_packages() if p.split(".")[0] in sys.argv[1].split(",")]
setup(name="clinic-directory-crawler", version=sys.argv[2], packages=packages,
      py_modules=sys.argv[3].split(","), zip_safe=True,
      entry_points={"scrapy": ["settings = crawler.settings"]},
      script_args=sys.argv[4:])
"""


@dataclass(frozen=True)
class Deployed:
    node: str
    version: str
    spiders: int


def new_version() -> str:
    """A version that sorts after every earlier deploy's: the build time, to the second."""
    return time.strftime("%Y%m%d%H%M%S", time.gmtime())


def build_egg(out_dir: Path, version: str) -> Path:
    """Build the project's egg into ``out_dir``; returns its path. Raises ScrapydError with
    setuptools' output when the build fails."""
    work = Path(tempfile.mkdtemp(prefix="egg-build-", dir=out_dir))
    argv = [sys.executable, "-c", SETUP_SCRIPT, ",".join(PACKAGES), version, ",".join(MODULES),
            "egg_info", "--egg-base", str(work), "build", "--build-base", str(work / "build"),
            "bdist_egg", "--bdist-dir", str(work / "bdist"), "--dist-dir", str(out_dir)]
    built = subprocess.run(argv, cwd=config.ROOT, capture_output=True, text=True,
                           timeout=BUILD_TIMEOUT_S)
    eggs = sorted(out_dir.glob("*.egg"))
    if built.returncode != 0 or not eggs:
        raise ScrapydError("The egg could not be built:\n" + (built.stderr or built.stdout)[-2000:])
    return eggs[-1]


def deploy(urls: tuple[str, ...], project: str, version: str | None = None) -> list[Deployed]:
    """Build the egg once and upload it to every node; raises ScrapydError at the first node
    that refuses it (the nodes before it keep the new version)."""
    version = version or new_version()
    with tempfile.TemporaryDirectory(prefix="scrapyd-deploy-") as folder:
        egg = build_egg(Path(folder), version).read_bytes()
        deployed = []
        for node in map(ScrapydNode, urls):
            answer = node.add_version(project, version, egg)
            deployed.append(Deployed(node.url, version, int(answer.get("spiders", 0))))
    return deployed
