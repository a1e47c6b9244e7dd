"""The command line as a person meets it: `--version`, a mistyped command, and colour only on
a terminal that can show it (no-color.org, TERM=dumb) — run under a real pseudo-terminal."""
import os
import pty
import subprocess

from conftest import ROOT, coursekit_binary


def run(*arguments):
    return subprocess.run([coursekit_binary(), *arguments], capture_output=True, text=True, cwd=ROOT)


def test_version():
    result = run("--version")
    assert result.returncode == 0 and result.stdout.strip().startswith("coursekit ")
    assert "--version" in run("--help").stdout


def test_a_mistyped_command_is_named_with_the_nearest_one_and_the_list():
    result = run("chek", "--content", "Content")
    assert result.returncode == 64
    assert result.stderr.splitlines() == [
        "error: 'chek' is not a coursekit command. Did you mean 'check'?",
        "Commands: build, serve, check, coverage, translations, package, init, new. See 'coursekit --help'."]
    assert "Usage: coursekit build" not in result.stderr
    assert "Did you mean" not in run("zzzzzz").stderr and run("zzzzzz").returncode == 64
    # A real command still runs, and the default one (build) still needs no name.
    assert run("help", "check").returncode == 0


def on_a_terminal(environment):
    """`coursekit coverage` with its output on a pseudo-terminal: what it printed."""
    env = {key: value for key, value in os.environ.items() if key not in ("NO_COLOR", "TERM", "CI")}
    env.update(environment)
    controller, terminal = pty.openpty()
    process = subprocess.Popen([coursekit_binary(), "coverage", "--content", "Content"], cwd=ROOT, env=env,
                               stdout=terminal, stderr=terminal, stdin=subprocess.DEVNULL)
    os.close(terminal)
    output = b""
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:   # the other end closed: the process is done
            break
        if not chunk:
            break
        output += chunk
    process.wait()
    os.close(controller)
    assert process.returncode == 0, output
    return output.decode("utf-8")


def test_colour_only_where_a_terminal_can_show_it():
    assert "\x1b[" in on_a_terminal({"TERM": "xterm-256color"})
    # no-color.org: an empty NO_COLOR does not count; any other value does.
    assert "\x1b[" in on_a_terminal({"TERM": "xterm-256color", "NO_COLOR": ""})
    assert "\x1b[" not in on_a_terminal({"TERM": "xterm-256color", "NO_COLOR": "1"})
    assert "\x1b[" not in on_a_terminal({"TERM": "dumb"})
    assert "\x1b[" not in run("coverage", "--content", "Content").stdout   # not a terminal


def test_the_content_is_found_from_inside_it_and_from_the_files_named(tmp_path):
    import shutil
    shutil.copytree(ROOT / "Content", tmp_path / "Content")
    inside = tmp_path / "Content" / "data-basics" / "01-data-around-us"
    in_folder = lambda folder, *arguments: subprocess.run([coursekit_binary(), *arguments], capture_output=True, text=True, cwd=folder)
    checked = in_folder(inside, "check")
    assert checked.returncode == 0 and checked.stdout.strip() == "No problems found.", checked.stderr
    built = in_folder(inside, "build")
    assert built.returncode == 0, built.stderr
    # The output goes beside the content, never inside it.
    assert (tmp_path / "Output" / "index.html").is_file() and not (inside / "Output").exists()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    stamped = in_folder(elsewhere, "translations", "stamp", "--dry-run", str(inside / "02-tables.fr.md"))
    assert stamped.returncode == 0 and "02-tables.fr.md" in stamped.stdout, stamped.stderr
    lost = in_folder(elsewhere, "check")
    assert lost.returncode == 64
    assert lost.stderr.strip() == (f"error: no content found: no site.yaml in {elsewhere} or any folder above it, and no ./Content "
                                   "folder. Run coursekit in the folder that holds Content/, or name it: --content PATH")
