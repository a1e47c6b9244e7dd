"""Writes a synthetic content tree for the atomic-output tests: COURSES courses of LESSONS lessons each,
in en (source), fr and ar, with headings, tables, code, callouts and links, like real lessons."""
import pathlib
import random
import sys

root = pathlib.Path(sys.argv[1])
courses, lessons = int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(42)
words = {
    "en": "data table column row value clean chart average count sum district water record".split(),
    "fr": "données tableau colonne ligne valeur nettoyer graphique moyenne compter somme quartier eau".split(),
    "ar": "بيانات جدول عمود صف قيمة تنظيف رسم متوسط عدّ مجموع حيّ ماء سجلّ".split(),
}


def paragraph(locale):
    return " ".join(rng.choice(words[locale]) for _ in range(60)).capitalize() + "."


def lesson(locale, title, next_file):
    parts = [f"---\ntitle: {title}\nduration: 20\nobjectives: [one, two]\n---\n"]
    for section in range(4):
        parts.append(f"## {rng.choice(words[locale])} {section}\n\n{paragraph(locale)}\n")
        parts.append("| A | B | C |\n|---|---|---|\n" + "".join(f"| {i} | `=SUM(B{i}:B9)` | x |\n" for i in range(6)))
        parts.append("> [!TIP]\n> " + paragraph(locale) + "\n")
        parts.append("```python\nprint(sum([1, 2, 3]))\n```\n")
    if next_file:
        parts.append(f"Next: [on]({next_file}).\n")
    return "\n".join(parts)


root.mkdir(parents=True, exist_ok=True)
(root / "site.yaml").write_text("title: {en: Bench, fr: Banc, ar: قياس}\nlocales: [en, fr, ar]\n")
for c in range(courses):
    course = root / f"course-{c:02d}"
    course.mkdir()
    (course / "course.yaml").write_text(f"title: {{en: Course {c}, fr: Cours {c}, ar: دورة {c}}}\nsource_locale: en\n")
    per_module = 10
    for m in range(lessons // per_module):
        module = course / f"{m + 1:02d}-module-{m}"
        module.mkdir()
        (module / "module.yaml").write_text(f"title: {{en: Module {m}, ar: وحدة {m}}}\n")
        for l in range(per_module):
            name = f"{l + 1:02d}-lesson-{m}-{l}"
            following = f"{l + 2:02d}-lesson-{m}-{l + 1}.md" if l + 1 < per_module else None
            for locale in ("en", "fr", "ar"):
                if locale != "en" and rng.random() < 0.2:
                    continue  # some translations missing, as in real courses
                (module / f"{name}.{locale}.md").write_text(lesson(locale, f"Lesson {l}", following))
