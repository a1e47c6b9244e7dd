"""Compile once: each lesson file is parsed once per build, and no step after loading parses
Markdown again (`coursekit build --stats` reports cmark's parse counter per step). The
binary runs in its own process, so no other test's parsing can blur the count."""
import re
import subprocess

from conftest import ROOT, coursekit_binary

STEP = re.compile(r"^\s+(?P<step>.+?)\s+(?P<seconds>[0-9.]+) s\s+(?P<lessons>\d+) lessons and (?P<texts>\d+) Markdown texts parsed, peak memory \d+ MiB$")


def build_statistics(content, output, *arguments):
    result = subprocess.run([coursekit_binary(), "build", "--stats", "--content", str(content), "--output", str(output), *arguments],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    steps = {}
    for line in result.stderr.splitlines():
        match = STEP.match(line)
        if match:
            steps[match["step"]] = (int(match["lessons"]), int(match["texts"]))
    return steps


def test_each_lesson_file_is_parsed_once_per_build(tmp_path):
    for content in (ROOT / "Content", ROOT / "Tests" / "browser" / "content"):
        lesson_files = [path for path in content.rglob("*.md") if path.parent.name[:2].isdigit()]
        steps = build_statistics(content, tmp_path / content.name)
        assert list(steps) == ["Reading content", "Checking", "Measuring translations", "Rendering pages", "Writing output"]
        lessons, texts = steps["Reading content"]
        assert lessons == len(lesson_files), f"{content}: {lessons} lesson parses for {len(lesson_files)} files"
        assert texts >= lessons  # hint blocks and exercise fields are small texts of their own, parsed once too
        for step, counts in steps.items():
            if step != "Reading content":
                assert counts == (0, 0), f"{step} parsed Markdown again: {counts}"


def test_a_one_locale_build_parses_the_same_files(tmp_path):
    """Rendering fewer pages does not change what is parsed: only loading parses."""
    everything = build_statistics(ROOT / "Content", tmp_path / "all")
    one_locale = build_statistics(ROOT / "Content", tmp_path / "ar", "--locale", "ar")
    assert everything["Reading content"] == one_locale["Reading content"]
