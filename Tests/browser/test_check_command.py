"""`coursekit check`: exit status, --strict, and its JSON and GitHub Actions formats, on the
hostile fixtures. (A command-line test, kept with the other tests that drive the binary.)"""
import json
import subprocess

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
