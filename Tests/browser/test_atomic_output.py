"""A build killed at any moment (SIGKILL, SIGINT) leaves the previous Output/ complete and
untouched, byte for byte, and the next build removes what the killed one left behind.
(Not a browser test: it lives here because it drives the coursekit binary as a process.)"""
import hashlib
import os
import pathlib
import shutil
import signal
import subprocess
import sys
import time

import pytest

from conftest import ROOT, coursekit_binary


def snapshot(folder: pathlib.Path) -> dict:
    return {str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def staging_folders(parent: pathlib.Path) -> list:
    """What a build writes beside the output while it runs (the lock file and the build state
    in `.Output.coursekit-cache` are meant to stay)."""
    return [entry.name for entry in parent.iterdir()
            if entry.name.startswith((".Output.coursekit-new-", ".Output.coursekit-old-"))]


def build(content, output, **kwargs):
    return subprocess.run([coursekit_binary(), "build", "--content", str(content), "--output", str(output)],
                          capture_output=True, text=True, **kwargs)


@pytest.fixture(scope="module")
def contents(tmp_path_factory):
    """Two versions of a generated site big enough for a build to take a while."""
    base = tmp_path_factory.mktemp("atomic")
    old, new = base / "old", base / "new"
    subprocess.run([sys.executable, str(ROOT / "bench" / "generate.py"), str(old), "4", "30"], check=True)
    shutil.copytree(old, new)
    for lesson in new.rglob("*.md"):
        lesson.write_text(lesson.read_text(encoding="utf-8") + "\nOne more line in the new version.\n", encoding="utf-8")
    expected_new = base / "expected-new"
    assert build(new, expected_new).returncode == 0
    return old, new, snapshot(expected_new)


def files_in(folder: pathlib.Path) -> int:
    """Files a running build has written so far (its folders change while they are counted)."""
    count = 0
    for _, _, names in os.walk(folder, onerror=lambda error: None):
        count += len(names)
    return count


def kill_points(total):
    """Moments of a build to kill it at, told by what it has visibly done, not by the clock:
    a busy machine slows the build and the test alike."""
    def written(share):
        return lambda parent: any(files_in(parent / name) >= total * share for name in staging_folders(parent)
                                  if name.startswith(".Output.coursekit-new-"))
    return [("as it starts", lambda parent: True),
            ("when its staging folder appears", lambda parent: any(n.startswith(".Output.coursekit-new-") for n in staging_folders(parent))),
            ("a tenth written", written(0.1)),
            ("half written", written(0.5)),
            ("nine tenths written", written(0.9)),
            ("all written", written(1.0))]


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT])
def test_a_killed_build_leaves_the_previous_output(contents, tmp_path, sig):
    old, new, expected_new = contents
    output = tmp_path / "Output"
    assert build(old, output).returncode == 0
    previous = snapshot(output)
    killed_mid_build = []
    for name, reached in kill_points(len(expected_new)):
        process = subprocess.Popen([coursekit_binary(), "build", "--content", str(new), "--output", str(output)],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while process.poll() is None and not reached(tmp_path):
            time.sleep(0.0005)
        process.send_signal(sig)
        process.wait()
        if process.returncode != 0:
            killed_mid_build.append(name)
        current = snapshot(output)
        # Either untouched, or (when killed after the atomic swap) the complete new build.
        assert current == previous or current == expected_new, f"mixed output after a kill {name}"
        if current == expected_new:
            # The swap happened: put the old output back for the next round.
            shutil.rmtree(output)
            assert build(old, output).returncode == 0
    # The first two moments come long before the build can end (it has every page still to
    # render and write); a later one may be missed on a busy machine, the build ending between
    # the look and the signal, which the checks above allow.
    assert killed_mid_build[:2] == ["as it starts", "when its staging folder appears"], killed_mid_build

    leftovers = staging_folders(tmp_path)
    result = build(new, output)
    assert result.returncode == 0, result.stderr
    assert snapshot(output) == expected_new
    assert staging_folders(tmp_path) == []
    print(f"killed {len(killed_mid_build)} builds mid-way ({', '.join(killed_mid_build)}), {len(leftovers)} leftover folders cleaned by the next build")


def test_two_builds_into_one_output_take_turns(contents, tmp_path):
    """An editor's build-on-save and a terminal build at once: whatever the overlap, both
    succeed (the second waits for the first's lock), the output is a whole build, and no
    staging folder is left."""
    _, new, expected_new = contents
    output = tmp_path / "Output"
    started = time.monotonic()
    assert build(new, tmp_path / "timing").returncode == 0
    duration = time.monotonic() - started
    for fraction in (0.0, 0.1, 0.3, 0.6, 0.9):
        first = subprocess.Popen([coursekit_binary(), "build", "--content", str(new), "--output", str(output)],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(duration * fraction)
        second = build(new, output)
        first_out, first_err = first.communicate()
        assert first.returncode == 0, first_err
        assert second.returncode == 0, second.stderr
        assert snapshot(output) == expected_new
        assert staging_folders(tmp_path) == []
