"""Fixtures for the browser tests: a fresh build of the sample site, and headless Chromium.

The site is built from Content/ with the coursekit binary named by $COURSEKIT_BIN (scripts/test
sets it), into a temporary folder, so the tests never depend on a stale Output/.
"""
import os
import pathlib
import shutil
import subprocess

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

ROOT = pathlib.Path(__file__).resolve().parents[2]


def coursekit_binary() -> str:
    binary = os.environ.get("COURSEKIT_BIN")
    if binary:
        return binary
    subprocess.run(["swift", "build", "--product", "coursekit"], cwd=ROOT, check=True)
    return str(ROOT / ".build" / "debug" / "coursekit")


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> pathlib.Path:
    output = tmp_path_factory.mktemp("site") / "Output"
    result = subprocess.run(
        [coursekit_binary(), "build", "--content", str(ROOT / "Content"), "--output", str(output)],
        capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return output


def chromium_options() -> webdriver.ChromeOptions:
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=420,900", "--no-first-run", "--disable-background-networking",
                     "--disable-component-update", "--disable-default-apps", "--disable-sync"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    return options


@pytest.fixture(scope="session")
def driver():
    service = Service(executable_path=shutil.which("chromedriver") or "/usr/bin/chromedriver")
    browser = webdriver.Chrome(service=service, options=chromium_options())
    browser.set_page_load_timeout(30)
    yield browser
    browser.quit()
