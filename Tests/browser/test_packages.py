"""Packages for the camp, tested against the real tools: zimcheck and kiwix-serve from Debian's
zim-tools and kiwix-tools, nginx serving a precompressed build, Chromium running a Kolibri app in
a sandboxed frame, and the zip built twice to the same bytes."""
import contextlib
import gzip
import json
import pathlib
import re
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.parse
import urllib.request
import zipfile

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from conftest import build, ROOT, coursekit_binary

DATE = "2026-11-22"
LESSONS = ["data-around-us/what-is-data", "data-around-us/tables", "data-around-us/spreadsheets",
           "working-with-data/cleaning", "working-with-data/summaries", "working-with-data/charts"]


def package(output, *formats, content=ROOT / "Content", course="data-basics"):
    # One course: the starter site's three would make 21 packages, and nothing more to test.
    arguments = [coursekit_binary(), "package", "--content", str(content), "--output", str(output), "--date", DATE,
                 "--course", course]
    for fmt in formats:
        arguments += ["--format", fmt]
    result = subprocess.run(arguments, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return output


@pytest.fixture(scope="module")
def packages(tmp_path_factory):
    return package(tmp_path_factory.mktemp("packages"), "zim", "kolibri", "zip")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@contextlib.contextmanager
def running(arguments, port, cwd=None):
    process = subprocess.Popen(arguments, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        for _ in range(100):
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
            assert process.poll() is None, process.stderr.read().decode()
            time.sleep(0.1)
        yield process
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_names_and_catalogues(packages):
    names = sorted(path.name for path in packages.iterdir())
    assert names == sorted([f"data-basics_{l}_2026-11.zim" for l in ("ar", "en", "fr")]
                           + [f"data-basics_{l}_2026-11_kolibri.zip" for l in ("ar", "en", "fr")]
                           + ["data-basics_en-fr-ar_2026-11.zip", "library.xml", "packages.json"])
    catalogue = json.loads((packages / "packages.json").read_text())
    assert catalogue["format"] == "coursekit-packages" and len(catalogue["packages"]) == 7
    for entry in catalogue["packages"]:
        data = (packages / entry["file"]).read_bytes()
        assert entry["size"] == len(data)
        assert entry["date"] == DATE and entry["course"] == "data-basics"
        import hashlib
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()


def test_every_zim_passes_zimcheck(packages):
    for zim in sorted(packages.glob("*.zim")):
        result = subprocess.run(["zimcheck", "-A", str(zim)], capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr


def content_url(base, book, path, layout):
    return f"{base}/content/{book}/{path}" if layout == "content" else f"{base}/{book}/{path}"


def test_kiwix_serve_serves_every_page_and_finds_arabic_text(packages):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    zims = sorted(str(path) for path in packages.glob("*.zim"))
    with running(["kiwix-serve", "--address=127.0.0.1", f"--port={port}", *zims], port):
        # kiwix-serve 3.5 serves books under /content/; earlier versions at the root.
        layout = "content" if fetch(f"{base}/content/data-basics_ar_2026-11/index.html")[0] == 200 else "root"
        for locale in ("ar", "en", "fr"):
            book = f"data-basics_{locale}_2026-11"
            status, _, body = fetch(content_url(base, book, "index.html", layout))
            assert status == 200, book
            assert f'lang="{locale}"'.encode() in body
            for lesson in LESSONS:
                status, _, _ = fetch(content_url(base, book, f"{lesson}.html", layout))
                assert status == 200, f"{book}/{lesson}"
        # "صهريج" (water tanker) appears in the Arabic text of the lesson on tables.
        word = urllib.parse.quote("صهريج")
        _, _, results = fetch(f"{base}/search?content=data-basics_ar_2026-11&pattern={word}")
        assert b"data-around-us/tables.html" in results


def test_the_library_lets_kiwix_serve_find_every_zim(packages):
    port = free_port()
    with running(["kiwix-serve", "--address=127.0.0.1", f"--port={port}", "--library", "library.xml"], port, cwd=packages):
        _, _, catalogue = fetch(f"http://127.0.0.1:{port}/catalog/v2/entries")
        for locale in ("ar", "en", "fr"):
            assert f"coursekit_{locale}_data-basics".encode() in catalogue


class References:
    def __init__(self, html):
        self.urls = re.findall(r'(?:href|src)="([^"]*)"', html)


def test_kolibri_zip_shape(packages, tmp_path):
    archive = packages / "data-basics_ar_2026-11_kolibri.zip"
    with zipfile.ZipFile(archive) as opened:
        names = opened.namelist()
        opened.extractall(tmp_path)
    assert "index.html" in names
    assert all(not name.startswith(("/", "../")) and "/../" not in name for name in names)
    for page in tmp_path.rglob("*.html"):
        for url in References(page.read_text(encoding="utf-8")).urls:
            parts = urllib.parse.urlsplit(url)
            assert not parts.scheme and not url.startswith("/"), f"{page.name}: {url}"
            if parts.path:
                target = (page.parent / urllib.parse.unquote(parts.path)).resolve()
                assert target.is_file() and tmp_path.resolve() in target.parents, f"{page.name}: {url}"


@contextlib.contextmanager
def http_server(folder):
    """A static web server on 127.0.0.1, as Kolibri serves an app's files."""
    import functools
    import http.server
    import threading
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


@contextlib.contextmanager
def kolibri_frame(driver, archive, folder, page):
    """The app of a Kolibri zip as Kolibri shows it: served over HTTP, in a frame without
    allow-same-origin, so the app has an opaque origin and no storage. The driver is inside
    the frame until the block ends."""
    with zipfile.ZipFile(archive) as opened:
        opened.extractall(folder / "app")
    (folder / "kolibri.html").write_text(
        '<!DOCTYPE html><title>Kolibri</title>'
        f'<iframe id="app" sandbox="allow-scripts" width="800" height="900" src="app/{page}"></iframe>')
    with http_server(folder) as base:
        driver.get(f"{base}/kolibri.html")
        driver.switch_to.frame(driver.find_element(By.ID, "app"))
        try:
            yield
        finally:
            driver.switch_to.default_content()


def test_kolibri_app_checks_answers_in_a_sandboxed_frame(packages, tmp_path, driver):
    with kolibri_frame(driver, packages / "data-basics_en_2026-11_kolibri.zip", tmp_path, "data-around-us/what-is-data.html"):
        root = WebDriverWait(driver, 10).until(lambda d: d.find_element(By.CSS_SELECTOR, "[data-exercise-id='data-or-information']"))
        WebDriverWait(driver, 10).until(lambda _: root.find_element(By.CSS_SELECTOR, "[data-action='check']").is_displayed())
        root.find_elements(By.CSS_SELECTOR, ".quiz-answers input")[0].send_keys(Keys.SPACE)
        root.find_element(By.CSS_SELECTOR, "[data-action='check']").send_keys(Keys.ENTER)
        WebDriverWait(driver, 5).until(lambda _: root.get_attribute("data-state"))
        assert root.get_attribute("data-state") == "correct"
        assert "cannot be saved" in driver.find_element(By.CSS_SELECTOR, ".storage-notice").text
        assert driver.execute_script("return self.origin") == "null"   # really sandboxed


def test_the_zip_is_deterministic_and_works_unpacked(packages, tmp_path):
    again = package(tmp_path / "again", "zip")
    name = "data-basics_en-fr-ar_2026-11.zip"
    assert (again / name).read_bytes() == (packages / name).read_bytes()
    with zipfile.ZipFile(packages / name) as opened:
        opened.extractall(tmp_path / "stick")
    folder = tmp_path / "stick" / "data-basics_en-fr-ar_2026-11"
    assert (folder / "index.html").is_file()
    for page in folder.rglob("*.html"):
        if "assets" in page.relative_to(folder).parts:
            continue
        for url in References(page.read_text(encoding="utf-8")).urls:
            path = urllib.parse.unquote(urllib.parse.urlsplit(url).path)
            if path and not urllib.parse.urlsplit(url).scheme:
                assert (page.parent / path).resolve().is_file(), f"{page}: {url}"


def nginx_server_block():
    text = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    block = text.split("<!-- nginx-server-block -->")[1].split("<!-- /nginx-server-block -->")[0]
    return block.split("```nginx")[1].split("```")[0]


def nginx_serving(site, folder, port, access_log=None):
    """nginx with the server block of docs/deploy.md, serving `site` on 127.0.0.1:`port`;
    with `access_log`, each request is a line of that file."""
    server = nginx_server_block().replace("listen 80;", f"listen 127.0.0.1:{port};").replace("/srv/coursekit/Output", str(site))
    (folder / "logs").mkdir(exist_ok=True)
    (folder / "nginx.conf").write_text(
        "daemon off;\nmaster_process off;\nerror_log stderr;\npid nginx.pid;\nevents {}\n"
        f"http {{\n access_log {access_log or 'off'};\n client_body_temp_path tmp;\n proxy_temp_path tmp;\n fastcgi_temp_path tmp;\n"
        " uwsgi_temp_path tmp;\n scgi_temp_path tmp;\n" + server + "}\n")
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    return running([nginx, "-p", str(folder), "-c", "nginx.conf"], port)


def apache_site_block():
    text = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    block = text.split("<!-- apache-site -->")[1].split("<!-- /apache-site -->")[0]
    return block.split("```apache")[1].split("```")[0]


@contextlib.contextmanager
def apache_serving(site, port):
    """Apache with the block of docs/deploy.md, serving `site` on 127.0.0.1:`port`. Its
    workers run as www-data, so the site is built where www-data can read it."""
    apache = shutil.which("apache2") or "/usr/sbin/apache2"
    if not pathlib.Path(apache).exists():
        pytest.fail("apache2 is not installed (scripts/setup --test installs it)")
    folder = pathlib.Path(tempfile.mkdtemp(prefix="coursekit-apache-"))
    folder.chmod(0o755)
    served = folder / "Output"
    shutil.copytree(site, served)
    modules = "/usr/lib/apache2/modules"
    config = "\n".join([
        "ServerName 127.0.0.1", f"Listen 127.0.0.1:{port}", f"PidFile {folder}/apache.pid", f"DefaultRuntimeDir {folder}",
        "ErrorLog /dev/stderr", "User www-data", "Group www-data", "TypesConfig /etc/mime.types",
        *[f"LoadModule {name}_module {modules}/mod_{name}.so" for name in ("mpm_event", "authz_core", "dir", "mime", "headers", "rewrite")],
        apache_site_block().replace("<VirtualHost *:80>", f"<VirtualHost 127.0.0.1:{port}>").replace("/srv/coursekit/Output", str(served)),
    ])
    (folder / "apache.conf").write_text(config)
    try:
        with running([apache, "-f", str(folder / "apache.conf"), "-DFOREGROUND"], port) as process:
            yield process
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_apache_sends_the_policies_and_the_precompressed_files(tmp_path):
    """docs/deploy.md's Apache block, run by Apache: the pages' policy and nosniff on every file
    (an SVG opened from a link included), the preview's own policy, and page.html.gz to a
    browser that accepts gzip (the plain page to one that does not)."""
    site = tmp_path / "Output"
    result = subprocess.run([coursekit_binary(), "build", "--precompress", "--content", str(ROOT / "Content"), "--output", str(site)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    page = site / "data-basics" / "ar" / "data-around-us" / "tables.html"
    preview = next((site / "data-basics" / "assets").glob("coursekit-preview.*.html")).name
    port = free_port()
    with apache_serving(site, port):
        base = f"http://127.0.0.1:{port}"
        status, headers, body = fetch(f"{base}/data-basics/ar/data-around-us/tables.html", {"Accept-Encoding": "gzip"})
        assert status == 200 and headers.get("Content-Encoding") == "gzip", headers
        assert headers.get("Content-Type", "").startswith("text/html")
        assert gzip.decompress(body) == page.read_bytes()
        status, headers, body = fetch(f"{base}/data-basics/ar/data-around-us/tables.html")
        assert status == 200 and "Content-Encoding" not in headers and body == page.read_bytes()
        _, svg_headers, _ = fetch(f"{base}/data-basics/media/water-chart.svg")
        _, preview_headers, _ = fetch(f"{base}/data-basics/assets/{preview}", {"Accept-Encoding": "gzip"})
        _, home_headers, _ = fetch(f"{base}/", {"Accept-Encoding": "gzip"})
        for headers in (svg_headers, preview_headers, home_headers):
            assert headers.get("X-Content-Type-Options") == "nosniff", headers
        assert "script-src 'self'" in svg_headers.get("Content-Security-Policy", "")
        assert "script-src 'self'" in home_headers.get("Content-Security-Policy", "")
        assert preview_headers.get("Content-Security-Policy", "").startswith("default-src 'none'; script-src 'unsafe-inline'")
        assert "immutable" in preview_headers.get("Cache-Control", "")


def test_nginx_serves_the_precompressed_files(tmp_path):
    if not shutil.which("nginx") and not pathlib.Path("/usr/sbin/nginx").exists():
        pytest.fail("nginx is not installed (scripts/setup --test installs it)")
    site = tmp_path / "Output"
    result = subprocess.run([coursekit_binary(), "build", "--precompress", "--content", str(ROOT / "Content"), "--output", str(site)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    page = site / "data-basics" / "ar" / "data-around-us" / "tables.html"
    assert (page.parent / "tables.html.gz").is_file()
    assert gzip.decompress((page.parent / "tables.html.gz").read_bytes()) == page.read_bytes()

    port = free_port()
    with nginx_serving(site, tmp_path, port):
        url = f"http://127.0.0.1:{port}/data-basics/ar/data-around-us/tables.html"
        status, headers, body = fetch(url, {"Accept-Encoding": "gzip"})
        assert status == 200
        assert headers.get("Content-Encoding") == "gzip"
        assert body == (page.parent / "tables.html.gz").read_bytes()
        status, headers, body = fetch(url)
        assert status == 200 and "Content-Encoding" not in headers and body == page.read_bytes()
        status, _, _ = fetch(f"http://127.0.0.1:{port}/index.html", {"Accept-Encoding": "gzip"})
        assert status == 200


def test_nginx_sends_the_pages_policy_and_the_code_preview_still_runs(tmp_path, driver):
    """The server block sends every file the pages' Content-Security-Policy and nosniff (an SVG
    opened from a link runs no script), and the code preview its own policy: a code exercise
    checked through nginx in Chromium still runs."""
    site = build(ROOT / "Content", tmp_path / "Output")
    port = free_port()
    with nginx_serving(site, tmp_path, port):
        base = f"http://127.0.0.1:{port}"
        _, page_headers, _ = fetch(f"{base}/data-basics/en/data-around-us/tables.html")
        _, svg_headers, _ = fetch(f"{base}/data-basics/media/water-chart.svg")
        preview = next((site / "data-basics" / "assets").glob("coursekit-preview.*.html")).name
        _, preview_headers, _ = fetch(f"{base}/data-basics/assets/{preview}")
        for headers in (page_headers, svg_headers, preview_headers):
            assert headers.get("X-Content-Type-Options") == "nosniff"
        assert "script-src 'self'" in page_headers.get("Content-Security-Policy", "")
        assert "script-src 'self'" in svg_headers.get("Content-Security-Policy", "")
        assert "script-src 'unsafe-inline'" in preview_headers.get("Content-Security-Policy", "")

        driver.get(f"{base}/data-basics/en/data-around-us/tables.html")
        root = WebDriverWait(driver, 10).until(lambda d: d.find_element(By.CSS_SELECTOR, "[data-exercise-id='html-table-row']"))
        editor = root.find_element(By.CSS_SELECTOR, "textarea[data-language='html']")
        editor.clear()
        editor.send_keys("<table><tr><th>Date</th><th>District</th><th>Litres</th></tr><tr><td>2026-03-09</td><td>North</td><td>1200</td></tr>"
                         "<tr><td>2026-03-10</td><td>North</td><td>1000</td></tr></table>")
        root.find_element(By.CSS_SELECTOR, "[data-action='check']").send_keys(Keys.ENTER)
        WebDriverWait(driver, 60).until(lambda _: root.get_attribute("data-state"))
        assert root.get_attribute("data-state") == "correct"


def test_exercises_and_progress_work_in_kiwix_serve(packages, driver):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with running(["kiwix-serve", "--address=127.0.0.1", f"--port={port}", str(packages / "data-basics_ar_2026-11.zim")], port):
        layout = "content" if fetch(f"{base}/content/data-basics_ar_2026-11/index.html")[0] == 200 else "root"
        url = content_url(base, "data-basics_ar_2026-11", "data-around-us/what-is-data.html", layout)
        driver.get(url)
        driver.execute_script("localStorage.clear()")
        driver.get(url)
        root = WebDriverWait(driver, 10).until(lambda d: d.find_element(By.CSS_SELECTOR, "[data-exercise-id='data-or-information']"))
        root.find_elements(By.CSS_SELECTOR, ".quiz-answers input")[0].send_keys(Keys.SPACE)
        root.find_element(By.CSS_SELECTOR, "[data-action='check']").send_keys(Keys.ENTER)
        WebDriverWait(driver, 5).until(lambda _: root.get_attribute("data-state"))
        assert root.get_attribute("data-state") == "correct"
        driver.get(url)
        assert driver.find_element(By.CSS_SELECTOR, "[data-exercise-id='data-or-information']").get_attribute("data-state") == "correct"
        # Progress is keyed by course: kiwix-serve serves every ZIM from one origin.
        assert "coursekit:learning-hub/data-basics:exercise:data-or-information" in driver.execute_script("return Object.keys(localStorage)")


def test_a_course_with_70000_media_files_packages_into_a_zip_every_tool_reads(tmp_path):
    """Past 65,535 entries the zip carries ZIP64 records (a 16-bit count once trapped):
    `coursekit package` on a course with 70,000 small media files, read back by Python's
    zipfile and Info-ZIP's unzip."""
    content = tmp_path / "Content"
    shutil.copytree(ROOT / "Content", content)
    media = content / "data-basics" / "media"
    for index in range(70_000):
        (media / f"icon-{index}.png").write_bytes(b"\x89PNG" + str(index).encode())
    result = subprocess.run([coursekit_binary(), "package", "--content", str(content), "--output", str(tmp_path / "packages"),
                             "--date", "2026-11-28", "--format", "zip"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    archive = next((tmp_path / "packages").glob("*.zip"))
    with zipfile.ZipFile(archive) as opened:
        assert opened.testzip() is None
        names = opened.namelist()
        assert len(names) > 70_000
        assert opened.read(next(name for name in names if name.endswith("/media/icon-69999.png"))) == b"\x89PNG69999"
    assert subprocess.run(["unzip", "-tqq", str(archive)], capture_output=True).returncode == 0


def run_package(output, *arguments):
    return subprocess.run([coursekit_binary(), "package", "--content", str(ROOT / "Content"), "--output", str(output),
                           "--date", DATE, "--course", "data-basics", *arguments], capture_output=True, text=True)


def catalogued(output):
    files = [entry["file"] for entry in json.loads((output / "packages.json").read_text())["packages"]]
    books = re.findall(r'path="([^"]+)"', (output / "library.xml").read_text())
    return files, books


def test_a_second_run_keeps_the_first_runs_packages_in_the_catalogues(tmp_path):
    """The Arabic ZIM packaged one day, the zip the next, into one folder: both stay listed,
    and kiwix-serve still finds the ZIM through library.xml. A package deleted since is
    dropped; one changed since is dropped with a warning; a stray file is named."""
    zim, archive = "data-basics_ar_2026-11.zim", "data-basics_en-fr-ar_2026-11.zip"
    assert run_package(tmp_path, "--format", "zim", "--locale", "ar").returncode == 0
    second = run_package(tmp_path, "--format", "zip")
    assert second.returncode == 0, second.stderr
    assert "also list 1 package made before" in second.stdout
    assert catalogued(tmp_path) == ([zim, archive], [zim])
    port = free_port()
    with running(["kiwix-serve", "--address=127.0.0.1", f"--port={port}", "--library", "library.xml"], port, cwd=tmp_path):
        _, _, entries = fetch(f"http://127.0.0.1:{port}/catalog/v2/entries")
        assert b"coursekit_ar_data-basics" in entries

    # Changed since it was made (a copy cut short, a file edited): not vouched for any more.
    with (tmp_path / zim).open("ab") as file:
        file.write(b"\0")
    (tmp_path / "other-course.zip").write_bytes(b"PK\x05\x06" + b"\0" * 18)
    third = run_package(tmp_path, "--format", "zip")
    assert third.returncode == 0, third.stderr
    assert f"{tmp_path / zim}: warning: this package changed since coursekit made it" in third.stderr
    assert f"{tmp_path / 'other-course.zip'}: warning: this file is not in packages.json or library.xml" in third.stderr
    assert catalogued(tmp_path) == ([archive], [])

    # Made again, then deleted: dropped without a word.
    assert run_package(tmp_path, "--format", "zim", "--locale", "ar").returncode == 0
    assert catalogued(tmp_path) == ([zim, archive], [zim])
    (tmp_path / zim).unlink()
    fourth = run_package(tmp_path, "--format", "zip")
    assert fourth.returncode == 0 and zim not in fourth.stderr
    assert catalogued(tmp_path) == ([archive], [])
