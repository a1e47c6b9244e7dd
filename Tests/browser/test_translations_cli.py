"""`coursekit translations minor-edit`, as an author uses it: the content folder in git, a typo
fixed in an English lesson, and the translations that were up to date stay up to date.
(Not a browser test: it drives the coursekit binary as a process.)"""
import json
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


def test_a_typo_fix_marked_minor_keeps_translations_complete(tmp_path):
    content = tmp_path / "Content"
    shutil.copytree(ROOT / "Content", content)
    git = ["git", "-c", "user.name=Author", "-c", "user.email=author@example.org", "-c", "init.defaultBranch=main"]
    subprocess.run([*git, "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run([*git, "add", "."], cwd=tmp_path, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "Lessons"], cwd=tmp_path, check=True)
    before = coverage(content, tmp_path)
    lesson = next(content.rglob("01-what-is-data.en.md"))
    text = lesson.read_text(encoding="utf-8")
    # A typo brought in and fixed: one word of a paragraph changes.
    paragraph = next(line for line in text.splitlines() if len(line.split()) > 8 and not line.startswith(("#", "-", ">", "|", "`")))
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
