"""Headless Chromium for tests (Debian ``chromium`` + ``chromium-driver``, driven by Selenium).

Shared by the tests that look at pages as a person would (the published site, the reports).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

__all__ = ["chromium", "start_chromium", "console_errors", "chromium_session", "wait_for"]

FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage")


def chromium(window: str = "1200,900"):
    """``(webdriver, options, service)`` for Debian's chromium; skip the test when it is absent."""
    if not (shutil.which("chromium") and shutil.which("chromedriver")):
        pytest.skip("chromium and chromedriver (Debian chromium, chromium-driver) are not installed")
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = shutil.which("chromium")
    for flag in (*FLAGS, f"--window-size={window}"):
        opts.add_argument(flag)
    return webdriver, opts, Service(shutil.which("chromedriver"))


def start_chromium(profile: Path, window: str = "1200,900"):
    """A started driver with a fresh profile in ``profile`` and the browser console log kept."""
    webdriver, opts, service = chromium(window)
    opts.add_argument(f"--user-data-dir={profile}")
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=opts, service=service)
    driver.set_page_load_timeout(30)
    return driver


def console_errors(driver) -> list[str]:
    """The SEVERE/ERROR messages of the browser console since the last call."""
    return [e["message"] for e in driver.get_log("browser") if e["level"] in ("SEVERE", "ERROR")]


def chromium_session(tmp_path_factory, window: str = "1400,1000"):
    """A module's browser, for a fixture to ``yield from``: started with a fresh profile, quit at the end."""
    driver = start_chromium(tmp_path_factory.mktemp("chromium-profile"), window=window)
    try:
        yield driver
    finally:
        driver.quit()


def wait_for(driver, check: str, seconds: float = 20):
    """The first truthy value of the JavaScript expression ``check`` (polled every 0.2 s), or fail after ``seconds``."""
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = driver.execute_script(check)
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out: {check}")
