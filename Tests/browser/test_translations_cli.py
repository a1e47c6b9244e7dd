"""`coursekit translations minor-edit`, as an author uses it: the content folder in git, a typo
fixed in an English lesson, and the translations that were up to date stay up to date.
(Not a browser test: it drives the coursekit binary as a process.)"""
import json
import re
import shutil
import subprocess

from conftest import ROOT, coursekit_binary


def run(*arguments, cwd):
    return subprocess.run([coursekit_binary(), *arguments], capture_output=True, text=True, cwd=cwd)


def coverage(content, cwd):
    result = run("coverage", "--format", "json", "--content", str(content), cwd=cwd)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    return {(locale["locale"], lesson["slug"]): lesson["status"]
            for locale in report["locales"] for course in locale["courses"]
            for module in course["modules"] for lesson in module["lesson_details"]}


GIT = ["git", "-c", "user.name=Author", "-c", "user.email=author@example.org", "-c", "init.defaultBranch=main"]


def content_in_git(folder):
    """A copy of the starter content in a new git repository, committed; and the git command."""
    content = folder / "Content"
    shutil.copytree(ROOT / "Content", content)
    subprocess.run([*GIT, "init", "-q"], cwd=folder, check=True)
    subprocess.run([*GIT, "add", "."], cwd=folder, check=True)
    subprocess.run([*GIT, "commit", "-q", "-m", "Lessons"], cwd=folder, check=True)
    return content, GIT


def test_a_typo_fix_marked_minor_keeps_translations_complete(tmp_path):
    content, git = content_in_git(tmp_path)
    before = coverage(content, tmp_path)
    lesson = next(content.rglob("01-what-is-data.en.md"))
    text = lesson.read_text(encoding="utf-8")
    # A typo brought in and fixed: one word of a paragraph changes.
    body = text.split("---", 2)[2]
    paragraph = next(line for line in body.splitlines() if len(line.split()) > 8 and not line.startswith(("#", "-", ">", "|", "`", " ")))
    word = paragraph.split()[3]
    lesson.write_text(text.replace(paragraph, paragraph.replace(word, word + "s", 1), 1), encoding="utf-8")
    edited = coverage(content, tmp_path)
    assert edited[("fr", "what-is-data")] == "outdated" and edited[("ar", "what-is-data")] == "outdated"

    result = run("translations", "minor-edit", str(lesson), "--content", str(content), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "stamped" in result.stdout
    assert coverage(content, tmp_path) == before

    # Outside git, the version before the fix must be given.
    shutil.rmtree(tmp_path / ".git")
    result = run("translations", "minor-edit", str(lesson), "--content", str(content), cwd=tmp_path)
    assert result.returncode == 1
    assert "--previous FILE" in result.stderr


def test_coverage_shows_what_changed_word_by_word_from_git(tmp_path):
    """A paragraph changed in the source since the French translation was stamped: with the
    content in git, coverage shows its old and new words."""
    content, git = content_in_git(tmp_path)
    lesson = next(content.rglob("01-what-is-data.en.md"))
    text = lesson.read_text(encoding="utf-8")
    body = text.split("---", 2)[2]
    paragraph = next(line for line in body.splitlines() if len(line.split()) > 8 and not line.startswith(("#", "-", ">", "|", "`", " ")))
    words = paragraph.split()
    edited = " ".join(words[:2] + ["NEWWORD"] + words[3:])
    lesson.write_text(text.replace(paragraph, edited, 1), encoding="utf-8")
    subprocess.run([*git, "commit", "-q", "-am", "A real edit"], cwd=tmp_path, check=True)

    result = run("coverage", "--locale", "fr", "--content", str(content), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"[-{words[2]}-] {{+NEWWORD+}}" in result.stdout, result.stdout
    html = run("coverage", "--locale", "fr", "--format", "html", "--content", str(content), cwd=tmp_path).stdout
    assert "<ins>NEWWORD</ins>" in html and f"<del>{words[2]}</del>" in html

    # Outside git the current text is shown, without a diff.
    shutil.rmtree(tmp_path / ".git")
    result = run("coverage", "--locale", "fr", "--content", str(content), cwd=tmp_path)
    assert "{+NEWWORD+}" not in result.stdout and "NEWWORD" in result.stdout


def test_a_change_in_a_list_item_or_an_exercise_field_is_placed(tmp_path):
    """With the stamped version in git, a one-character change in a list item points at that
    item's line, and an exercise change names its field."""
    content, git = content_in_git(tmp_path)
    lesson = next(content.rglob("01-what-is-data.en.md"))
    lines = lesson.read_text(encoding="utf-8").split("\n")
    body_start = [index for index, line in enumerate(lines) if line.strip() == "---"][1] + 1
    # The last item of the first numbered list (not the list's first line): its full stop goes.
    items = [index for index in range(body_start, len(lines)) if re.match(r"\d+\. ", lines[index])]
    item = next(index for position, index in enumerate(items) if position + 1 == len(items) or items[position + 1] != index + 1 and not lines[index + 1].startswith("   "))
    assert item != items[0] and lines[item].endswith(".")
    lines[item] = lines[item][:-1]
    question = next(index for index in range(body_start, len(lines)) if lines[index].startswith("question:"))
    lines[question] = lines[question] + " Think first."
    lesson.write_text("\n".join(lines), encoding="utf-8")
    result = run("coverage", "--locale", "fr", "--content", str(content), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"line {item + 1}, list changed" in result.stdout, result.stdout
    assert "exercise changed (question)" in result.stdout, result.stdout
