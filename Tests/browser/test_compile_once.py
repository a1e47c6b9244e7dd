"""Compile once: each lesson file is parsed once per build, and no step after loading parses
Markdown again (`coursekit build --stats` reports cmark's parse counter per step). The
binary runs in its own process, so no other test's parsing can blur the count."""
import re
import shutil
import subprocess

from conftest import ROOT, coursekit_binary

STEP = re.compile(r"^\s+(?P<step>.+?)\s+(?P<seconds>[0-9.]+) s \(CPU (?P<cpu>[0-9.]+) s\)\s+(?P<lessons>\d+) lessons and (?P<texts>\d+) Markdown texts parsed, peak memory \d+ MiB$")


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
        assert list(steps) == ["Reading content", "Checking", "Measuring translations", "Keeping compiled lessons",
                               "Rendering pages", "Writing output", "Tidying"]
        lessons, texts = steps["Reading content"]
        assert lessons == len(lesson_files), f"{content}: {lessons} lesson parses for {len(lesson_files)} files"
        assert texts >= lessons  # hint blocks and exercise fields that are not plain text are parsed once too
        for step, counts in steps.items():
            if step != "Reading content":
                assert counts == (0, 0), f"{step} parsed Markdown again: {counts}"


def test_a_one_locale_build_parses_the_same_files(tmp_path):
    """Rendering fewer pages does not change what is parsed: only loading parses."""
    everything = build_statistics(ROOT / "Content", tmp_path / "all")
    one_locale = build_statistics(ROOT / "Content", tmp_path / "ar", "--locale", "ar")
    assert everything["Reading content"] == one_locale["Reading content"]


def test_a_rebuild_parses_only_the_files_that_changed(tmp_path):
    """The compiled lessons are kept beside the output (`lessons.pack`): the next build, in a
    new process, parses only the lesson that was edited. A damaged pack is not trusted: the
    build says so and parses everything again, with the same output."""
    content = tmp_path / "Content"
    shutil.copytree(ROOT / "Content", content)
    output = tmp_path / "Output"
    lesson_files = [path for path in content.rglob("*.md") if path.parent.name[:2].isdigit()]
    assert build_statistics(content, output)["Reading content"][0] == len(lesson_files)
    pack = tmp_path / ".Output.coursekit-cache" / "lessons.pack"
    assert pack.is_file() and not (output / "lessons.pack").exists()
    edited = sorted(lesson_files)[0]
    edited.write_text(edited.read_text(encoding="utf-8") + "\nOne more paragraph.\n", encoding="utf-8")
    assert build_statistics(content, output)["Reading content"][0] == 1

    data = bytearray(pack.read_bytes())
    middle = len(data) // 2
    data[middle:middle + 64] = bytes(64)
    pack.write_bytes(bytes(data))
    edited.write_text(edited.read_text(encoding="utf-8") + "\nAnd another.\n", encoding="utf-8")
    result = subprocess.run([coursekit_binary(), "build", "--stats", "--content", str(content), "--output", str(output)],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert "compiled lessons kept by the last build cannot be read" in result.stderr
    parsed = [int(match["lessons"]) for match in map(STEP.match, result.stderr.splitlines()) if match and match["step"] == "Reading content"]
    assert parsed and 1 < parsed[0] <= len(lesson_files)
    clean = tmp_path / "Clean"
    build_statistics(content, clean)
    files = lambda root: {str(path.relative_to(root)): path.read_bytes() for path in root.rglob("*") if path.is_file()}
    assert files(output) == files(clean)
