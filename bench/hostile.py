#!/usr/bin/env python3
"""What hostile or careless content costs coursekit, next to ordinary content of the same size:

  - `build` of a lesson holding one `fill` exercise with 2,000 blanks, and of one holding a
    table of 16,000 columns (refused: more than 1,000), each next to a lesson of plain text of
    the same number of bytes;
  - `package` (zim, zip, kolibri) of the sample course with a 300 MB video in its media, next
    to the same course without it: peak memory must not grow with the video.

    bench/hostile.py        (after a debug or release build; RUNS=3 by default)

Each case runs RUNS times, round-robin with its baseline in one session (the machine is
shared and noisy: the ratio holds where an absolute time does not); prints medians. A
benchmark to read, not a test that can fail on a slow machine."""
import os
import pathlib
import shutil
import statistics
import subprocess
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
BINARY = os.environ.get("COURSEKIT") or str(max((p for p in (ROOT / ".build" / "release" / "coursekit", ROOT / ".build" / "debug" / "coursekit") if p.exists()),
                                                key=lambda p: p.stat().st_mtime))
RUNS = int(os.environ.get("RUNS", "3"))
LESSON = ROOT / "Content" / "data-basics" / "01-data-around-us" / "01-what-is-data.en.md"


def timed(arguments):
    """Wall seconds and peak resident memory (MiB) of one run, from GNU time."""
    result = subprocess.run(["/usr/bin/time", "-f", "%e %M", BINARY, *arguments], capture_output=True, text=True)
    seconds, kilobytes = result.stderr.strip().splitlines()[-1].split()
    return float(seconds), int(kilobytes) / 1024, result.returncode


def content_with_lesson(folder, body):
    """The sample content with one extra lesson holding `body`."""
    content = folder / "Content"
    shutil.copytree(ROOT / "Content", content)
    (content / LESSON.parent.relative_to(ROOT / "Content") / "09-extra.en.md").write_text("---\ntitle: Extra\n---\n\n" + body)
    return content


def fill_lesson(blanks):
    text = " ".join(f"word{n} [[answer{n}]]" for n in range(blanks))
    return f"```fill\nid: many-blanks\nquestion: Fill them all.\ntext: {text}\n```\n"


def table_lesson(columns):
    return "| " + " | ".join(f"c{n}" for n in range(columns)) + " |\n|" + "---|" * columns + "\n| " + " | ".join("x" for _ in range(columns)) + " |\n"


def plain_lesson(size):
    paragraph = "Plain text of an ordinary lesson, one sentence after another. "
    return (paragraph * (size // len(paragraph) + 1))[:size] + "\n"


def main():
    work = pathlib.Path(tempfile.mkdtemp(prefix="coursekit-hostile-"))
    fill, table = fill_lesson(2000), table_lesson(16000)
    builds = {
        "fill, 2,000 blanks": content_with_lesson(work / "fill", fill),
        f"plain text, {len(fill.encode()):,} bytes": content_with_lesson(work / "plain-fill", plain_lesson(len(fill.encode()))),
        "table, 16,000 columns (refused)": content_with_lesson(work / "table", table),
        f"plain text, {len(table.encode()):,} bytes": content_with_lesson(work / "plain-table", plain_lesson(len(table.encode()))),
    }
    video = content_with_lesson(work / "video", "A lesson.\n")
    with open(video / "data-basics" / "media" / "lecture.mp4", "wb") as file:
        for _ in range(300):
            file.write(os.urandom(1 << 20))
    packages = {"package, with a 300 MB video": video, "package, without it": content_with_lesson(work / "novideo", "A lesson.\n")}

    times = {name: [] for name in [*builds, *packages]}
    memory = {name: [] for name in times}
    for _ in range(RUNS):
        for name, content in builds.items():
            seconds, mib, _ = timed(["build", "--content", str(content), "--output", str(work / "out" / name.split(",")[0].replace(" ", "-"))])
            shutil.rmtree(work / "out", ignore_errors=True)
            times[name].append(seconds)
            memory[name].append(mib)
        for name, content in packages.items():
            seconds, mib, status = timed(["package", "--content", str(content), "--output", str(work / "packages"), "--date", "2026-11-28",
                                          "--format", "zim", "--format", "zip", "--format", "kolibri"])
            assert status == 0, name
            shutil.rmtree(work / "packages", ignore_errors=True)
            times[name].append(seconds)
            memory[name].append(mib)
    print(f"{'case':<40} {'wall (median)':>14} {'peak RSS':>10}")
    for name in times:
        print(f"{name:<40} {statistics.median(times[name]):>12.2f} s {max(memory[name]):>7.0f} MiB")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
