"""`coursekit check`: exit status, --strict, and its JSON and GitHub Actions formats, on the
hostile fixtures. (A command-line test, kept with the other tests that drive the binary.)"""
import json
import subprocess

import pytest

from conftest import ROOT, coursekit_binary

HOSTILE = ROOT / "Tests" / "CourseKitTests" / "Fixtures" / "hostile"


def check(content, *arguments):
    return subprocess.run([coursekit_binary(), "check", "--content", str(content), *arguments],
                          capture_output=True, text=True, cwd=ROOT)


def test_errors_fail_and_warnings_pass_unless_strict():
    assert check(HOSTILE / "invalid-utf8").returncode == 1
    assert check(HOSTILE / "unsafe-urls").returncode == 0
    assert check(HOSTILE / "unsafe-urls", "--strict").returncode == 1
    assert check(ROOT / "Content", "--strict").returncode == 0


def test_json_format():
    result = check(HOSTILE / "crlf", "--format", "json")
    report = json.loads(result.stdout)
    assert report["errors"] == 1 and report["warnings"] == 1
    assert report["diagnostics"][1] == {
        "severity": "error", "file": str(HOSTILE / "crlf" / "c" / "01-m" / "02-b.en.md"), "line": 3, "column": 11,
        "message": "'duration' is a number of minutes, like 'duration: 20'"}


def test_github_annotations():
    result = check(HOSTILE / "crlf", "--format", "github")
    lines = result.stdout.splitlines()
    assert lines[1] == f"::error file={HOSTILE / 'crlf' / 'c' / '01-m' / '02-b.en.md'},line=3,col=11::'duration' is a number of minutes, like 'duration: 20'"
    assert lines[0].startswith("::warning file=") and "did you mean 'objectives'?" in lines[0]


def test_fifos_in_content_are_refused_not_waited_on(tmp_path):
    """Opening a FIFO waits for a writer forever: a FIFO in media/ or posing as a lesson must
    be refused by its path, and the build must end (with a time limit here, so a regression
    fails instead of hanging CI)."""
    import os
    import shutil
    content = tmp_path / "Content"
    shutil.copytree(ROOT / "Tests" / "CourseKitTests" / "Fixtures" / "tree", content)
    course = next(path for path in content.iterdir() if (path / "course.yaml").exists())
    module = next(path for path in sorted(course.iterdir()) if path.is_dir() and path.name[:2].isdigit())
    (course / "media").mkdir(exist_ok=True)
    os.mkfifo(course / "media" / "pipe.svg")
    os.mkfifo(module / "09-pipe.en.md")
    result = subprocess.run([coursekit_binary(), "build", "--content", str(content), "--output", str(tmp_path / "Output")],
                            capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert result.returncode == 1
    assert "media/pipe.svg' is not a file (a FIFO, a socket or a device)" in result.stderr
    assert "09-pipe.en.md: error: this is not a file (a FIFO, a socket or a device)" in result.stderr
    assert not (tmp_path / "Output").exists()
    assert [entry.name for entry in tmp_path.iterdir() if ".coursekit-" in entry.name] == []


@pytest.mark.parametrize("arguments,expected", [
    (["coverage", "--locale", "FR", "--fail-under", "90"], "no locale 'FR' in this site (locales: ar, en, fr); did you mean 'fr'?"),
    (["coverage", "--course", "nope", "--fail-under", "90"], "no course 'nope' (courses: data-basics, digital-essentials, web-foundations)"),
    (["translations", "stamp", "--all", "--locale", "xx"], "no locale 'xx' in this site"),
    (["check", "--course", "data-basic"], "did you mean 'data-basics'?"),
    (["package", "--locale", "en/../x", "--output", "{tmp}/packages"], "no locale 'en/../x' in this site"),
    (["build", "--locale", "EN", "--output", "{tmp}/Output"], "did you mean 'en'?"),
])
def test_a_selector_that_names_nothing_fails_and_lists_what_exists(arguments, expected, tmp_path):
    """A typo in --course or --locale never looks like success (in CI, a gate that passes on a typo is worse than none).
    It is a usage error, with the status every command gives a bad option: 64."""
    arguments = [argument.replace("{tmp}", str(tmp_path)) for argument in arguments]
    result = subprocess.run([coursekit_binary(), *arguments, "--content", str(ROOT / "Content")],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 64, result.stdout + result.stderr
    assert expected in result.stderr
    assert not (tmp_path / "Output").exists() and not (tmp_path / "packages").exists()


@pytest.mark.parametrize("arguments", [
    ["build", "--output", ""],
    ["build", "--output", "Content"],
    ["package", "--date", "2026-02-30"],
    ["package", "--no-such-option"],
    ["new", "lesson", "data-basics/03-01-x/intro", "--content", "{tmp}/Content"],
    ["new", "lesson", "data-basics/cleaning/intro", "--title", "Two\nlines", "--content", "{tmp}/Content"],
])
def test_every_usage_error_exits_64(arguments, tmp_path):
    """One status for "called wrongly", whichever command: a script can tell it from content errors (1)."""
    import shutil
    shutil.copytree(ROOT / "Content", tmp_path / "Content")
    arguments = [argument.replace("{tmp}", str(tmp_path)) for argument in arguments]
    result = subprocess.run([coursekit_binary(), *arguments], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 64, result.stdout + result.stderr
    assert "rror" in result.stderr


@pytest.mark.parametrize("arguments,expected", [
    (["coverage", "--fail-under", "150"], "--fail-under is a percentage, from 0 to 100"),
    (["coverage", "--locale", "en", "--fail-under", "90"], "'en' is the source locale of every course; name a translation (ar, fr)"),
    (["coverage", "--locale", "en", "--course", "data-basics"], "'en' is the source locale of data-basics; name a translation (ar, fr)"),
    (["translations", "stamp", "--all", "--locale", "en"], "'en' is the source locale of every course; name a translation (ar, fr)"),
])
def test_a_gate_that_could_pass_by_mistake_is_refused(arguments, expected):
    """A CI gate that passes on a typo is worse than none: a percentage over 100, or the source
    locale given where a translation is meant, is a usage error."""
    result = subprocess.run([coursekit_binary(), *arguments, "--content", str(ROOT / "Content")], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 64, result.stdout + result.stderr
    assert expected in result.stderr


def test_many_problems_are_counted_kind_by_kind(tmp_path):
    """122 images without alt text must not bury 2 broken links: the summary counts each kind,
    and --by-kind lists them kind by kind."""
    import shutil
    content = tmp_path / "Content"
    shutil.copytree(ROOT / "Content", content)
    lesson = next(content.rglob("01-what-is-data.en.md"))
    images = "".join(f"\n![](../media/water-chart.svg)\n" for _ in range(12))
    broken = "\nSee [the old lesson](99-gone.md) and [the other](98-gone-too.md).\n"
    lesson.write_text(lesson.read_text(encoding="utf-8") + images + broken, encoding="utf-8")
    result = check(content)
    assert result.returncode == 1
    summary = result.stdout.splitlines()
    assert summary[0] == "Found 2 errors, 12 warnings."
    assert summary[1].strip() == "12 × warning: image '…' has no alt text"
    assert summary[2].strip() == "2 × error: link '…' points to a lesson that does not exist (…)"
    grouped = check(content, "--by-kind").stderr.splitlines()
    assert grouped[0] == "12 × warning: image '…' has no alt text"
    assert all(line.startswith("  ") and "has no alt text" in line for line in grouped[1:13])
    assert grouped[13] == "2 × error: link '…' points to a lesson that does not exist (…)"
