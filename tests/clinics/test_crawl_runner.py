"""Crawl processes yield the processor to the site: they run at CRAWL_NICENESS."""
import os
import subprocess
import sys

import pytest

from clinics.crawl_runner import lower_priority

pytestmark = pytest.mark.skipif(not hasattr(os, "setpriority"), reason="no process priorities")


@pytest.fixture
def sleeper():
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    yield process.pid
    process.kill()
    process.wait()


def test_a_crawl_process_gets_the_configured_niceness(sleeper):
    own = os.getpriority(os.PRIO_PROCESS, 0)
    lower_priority(sleeper, 12)
    assert os.getpriority(os.PRIO_PROCESS, sleeper) == max(own, 12)


def test_priority_is_only_ever_lowered_and_capped_at_19(sleeper):
    lower_priority(sleeper, 40)
    assert os.getpriority(os.PRIO_PROCESS, sleeper) == 19
    lower_priority(sleeper, 5)
    assert os.getpriority(os.PRIO_PROCESS, sleeper) == 19


def test_zero_leaves_the_priority_alone_and_an_ended_process_is_no_error(sleeper):
    own = os.getpriority(os.PRIO_PROCESS, 0)
    lower_priority(sleeper, 0)
    assert os.getpriority(os.PRIO_PROCESS, sleeper) == own
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()
    lower_priority(ended.pid, 10)
