"""Every page of the built sample site, opened from file:// in headless Chromium, loads with
no failed request, no request leaving the output folder, and no console error."""
import json
import pathlib
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

import pytest

from conftest import ROOT


def pages(site: pathlib.Path):
    """The pages a learner opens: every HTML file but the assets (the code preview frame)."""
    return sorted(page for page in site.rglob("*.html") if "assets" not in page.relative_to(site).parts)


def drain_logs(driver):
    driver.get_log("performance")
    driver.get_log("browser")


def network_events(driver):
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        yield message["method"], message.get("params", {})


def test_site_has_the_expected_pages(site):
    names = {str(p.relative_to(site)) for p in pages(site)}
    assert "index.html" in names
    for locale in ("ar", "en", "fr"):
        assert f"{locale}/index.html" in names
        assert f"data-basics/{locale}/index.html" in names
        assert f"data-basics/{locale}/data-around-us/what-is-data.html" in names
        assert f"data-basics/{locale}/working-with-data/charts.html" in names
    assert "coverage.html" in names   # the translation dashboard, beside the courses
    # The chooser, coverage.html, a catalog per locale; per course and locale its home and lessons.
    courses = [path.parent for path in (ROOT / "Content").glob("*/course.yaml")]
    lessons = sum(len(list(course.glob("*/*.en.md"))) for course in courses)
    assert len(names) == 2 + 3 + 3 * (len(courses) + lessons)


def test_every_page_loads_offline_without_errors(site, driver):
    problems = []
    root_url = site.resolve().as_uri() + "/"
    for page in pages(site):
        drain_logs(driver)
        driver.get(page.resolve().as_uri())
        driver.execute_script("return document.readyState")
        requested = []
        for method, params in network_events(driver):
            if method == "Network.requestWillBeSent":
                requested.append(params["request"]["url"])
            elif method == "Network.loadingFailed":
                problems.append(f"{page.relative_to(site)}: failed request ({params.get('errorText')})")
            elif method == "Network.responseReceived" and params["response"].get("status", 200) >= 400:
                problems.append(f"{page.relative_to(site)}: status {params['response']['status']}")
        assert requested, f"no request seen for {page}: performance logging is not working"
        for url in requested:
            if not url.startswith(root_url):
                problems.append(f"{page.relative_to(site)}: request outside the package: {url}")
        for entry in driver.get_log("browser"):
            if entry["level"] in ("SEVERE", "WARNING"):
                problems.append(f"{page.relative_to(site)}: console {entry['level']}: {entry['message']}")
    assert problems == []


class LinkCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []
        self.ids = set()
        self.html_attrs = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "html":
            self.html_attrs = attrs
        for name in ("href", "src"):
            if name in attrs and tag in ("a", "link", "script", "img"):
                self.links.append(attrs[name])


def parse(page: pathlib.Path) -> LinkCollector:
    collector = LinkCollector()
    collector.feed(page.read_text(encoding="utf-8"))
    return collector


def test_every_link_is_relative_names_a_file_and_resolves(site):
    problems = []
    parsed = {page.resolve(): parse(page) for page in pages(site)}
    for page, collector in parsed.items():
        for link in collector.links:
            parts = urlsplit(link)
            if parts.scheme in ("http", "https"):
                continue  # an author's link to the web: followed only when the learner is online
            where = f"{page.relative_to(site.resolve())}: {link}"
            if parts.scheme or link.startswith("/"):
                problems.append(f"{where}: not relative")
                continue
            if not parts.path:
                if parts.fragment and unquote(parts.fragment) not in collector.ids:
                    problems.append(f"{where}: no such anchor")
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            if parts.path.endswith("/") or target.is_dir():
                problems.append(f"{where}: names a folder, not a file")
            elif not target.is_file():
                problems.append(f"{where}: missing file")
            elif parts.fragment and target.suffix == ".html":
                if unquote(parts.fragment) not in parsed[target].ids:
                    problems.append(f"{where}: no such anchor in target")
    assert problems == []


@pytest.mark.parametrize("locale,direction", [("ar", "rtl"), ("en", "ltr"), ("fr", "ltr")])
def test_pages_declare_language_and_direction(site, locale, direction):
    for page in (site / "data-basics" / locale).rglob("*.html"):
        attrs = parse(page).html_attrs
        assert attrs.get("lang") == locale, page
        assert attrs.get("dir") == direction, page
