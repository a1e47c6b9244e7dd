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


def build(content: pathlib.Path, output: pathlib.Path) -> pathlib.Path:
    result = subprocess.run(
        [coursekit_binary(), "build", "--content", str(content), "--output", str(output)],
        capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return output


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> pathlib.Path:
    """The sample courses of Content/."""
    return build(ROOT / "Content", tmp_path_factory.mktemp("site") / "Output")


@pytest.fixture(scope="session")
def kinds_site(tmp_path_factory) -> pathlib.Path:
    """Tests/browser/content: one lesson holding every exercise kind, in English and Arabic."""
    return build(ROOT / "Tests" / "browser" / "content", tmp_path_factory.mktemp("kinds") / "Output")


@pytest.fixture(scope="session")
def downloads(tmp_path_factory) -> pathlib.Path:
    return tmp_path_factory.mktemp("downloads")


def chromium_options(download_folder=None) -> webdriver.ChromeOptions:
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=420,900", "--no-first-run", "--disable-background-networking",
                     "--disable-component-update", "--disable-default-apps", "--disable-sync"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    if download_folder:
        options.add_experimental_option("prefs", {
            "download.default_directory": str(download_folder), "download.prompt_for_download": False})
    return options


@pytest.fixture(scope="session")
def driver(downloads):
    service = Service(executable_path=shutil.which("chromedriver") or "/usr/bin/chromedriver")
    browser = webdriver.Chrome(service=service, options=chromium_options(downloads))
    browser.set_page_load_timeout(30)
    yield browser
    browser.quit()
