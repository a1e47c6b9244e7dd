#!/usr/bin/env python3
"""Writes the benchmark corpus: a coursekit content folder, and optionally the same text as a Hugo site.

    bench/corpus.py OUT SIZE [--hugo HUGO_DIR]

SIZE is S (300 lessons per locale: 5 courses), L (1,500 lessons per locale: 25 courses), or a
number of lessons per locale. Every course has 6 modules of 10 lessons, and every lesson exists
in en (the source), fr and ar, about 1,150 words each, using what real lessons use: front
matter, ## and ### headings, emphasis and inline code, GFM tables, fenced code, a callout, an
image with alt text, links to other lessons (one to a heading anchor) and a quiz.

The output depends only on SIZE: every lesson draws from its own random generator seeded with
its position, so S is exactly the first 5 courses of L, and a rerun writes the same bytes
(timings of two runs, or of two machines, are of the same text).
"""
import argparse
import pathlib
import random
import shutil
import sys
import unicodedata

SEED = "coursekit-bench-1"
LOCALES = ("en", "fr", "ar")
MODULES_PER_COURSE = 6
LESSONS_PER_MODULE = 10
SIZES = {"S": 300, "L": 1500}

# Words for prose, per locale: function words keep sentences looking like sentences, content
# words carry the topic (data work in a community). The lists are long enough that paragraphs
# do not compress unrealistically well: gzip and the renderers should see text like real text.
FUNCTION = {
    "en": "the the the a a of of of to to and and in in is is that for it with as on by "
          "this are be from or at when each which we you can will not their more than".split(),
    "fr": "le la les les de de des du un une et et à à en est est que qui pour dans sur "
          "par avec ce cette ces il elle on nous vous peut sont plus pas au aux".split(),
    "ar": "في في من من على إلى أن أن التي الذي هذا هذه مع عن كل بين ثم أو و لا قد "
          "كان يمكن عند بعد قبل حتى لكن هو هي نحن ما".split(),
}
CONTENT = {
    "en": """data table column row value chart average count total district water record
        school student teacher lesson question answer result report week day month number team
        camp delivery cleaning mistake file program computer text word line cell sheet list
        order comparison difference share percent hundred thousand new large small important
        simple clear first last write read compute collect clean draw compare choose use show
        keep open close add remove search find know learn explain family market price
        health clinic visit survey sample measure rainfall crop harvest field village road
        truck litre kilogram distance time method pattern trend summary source quality error
        missing duplicate format date label category group filter sort formula spreadsheet
        header median range minimum maximum estimate careful useful correct common""".split(),
    "fr": """données tableau colonne ligne valeur graphique moyenne nombre total quartier eau
        registre école élève enseignant leçon question réponse résultat rapport semaine jour
        mois équipe camp livraison nettoyage erreur fichier programme ordinateur texte mot
        cellule feuille liste ordre comparaison différence part pourcentage cent mille nouveau
        grand petit important simple clair premier dernier écrire lire calculer collecter
        nettoyer dessiner comparer choisir utiliser montrer garder ouvrir fermer ajouter
        supprimer chercher trouver savoir apprendre expliquer famille marché prix santé
        clinique visite enquête échantillon mesure pluie récolte champ village route camion
        litre kilogramme distance temps méthode tendance résumé source qualité manquant
        doublon format date étiquette catégorie groupe filtre trier formule tableur en-tête
        médiane étendue minimum maximum estimation utile correct courant""".split(),
    "ar": """بيانات جدول عمود صف قيمة رسم متوسط عدد مجموع حي ماء سجل مدرسة طالب معلم درس
        سؤال جواب نتيجة تقرير أسبوع يوم شهر فريق مخيم توزيع تنظيف خطأ ملف برنامج حاسوب نص
        كلمة سطر خلية ورقة قائمة ترتيب مقارنة فرق نسبة مئة ألف جديد كبير صغير مهم سهل واضح
        أول آخر يكتب يقرأ يحسب يجمع ينظف يرسم يقارن يختار يستخدم يعرض يحفظ يفتح يغلق يضيف
        يحذف يبحث يجد يعرف يتعلم يشرح أسرة سوق سعر صحة عيادة زيارة استبيان عينة قياس مطر
        محصول حقل قرية طريق شاحنة لتر كيلوغرام مسافة وقت طريقة نمط اتجاه ملخص مصدر جودة
        ناقص مكرر تنسيق تاريخ تسمية فئة مجموعة تصفية فرز صيغة عنوان وسيط مدى أدنى أقصى
        تقدير مفيد صحيح شائع""".split(),
}
# Headings every lesson has, in each locale; the "practice" one is the target of anchor links.
PRACTICE = {"en": "Practice", "fr": "Pratique", "ar": "تدريب"}
SUMMARY = {"en": "Summary", "fr": "Résumé", "ar": "خلاصة"}
QUESTION = {"en": "Which statement about {} is true?", "fr": "Quelle phrase sur {} est vraie ?",
            "ar": "أي جملة عن {} صحيحة؟"}
NEXT = {"en": "Next lesson", "fr": "Leçon suivante", "ar": "الدرس التالي"}
AND = {"en": "and", "fr": "et", "ar": "و"}
SEE_ALSO = {"en": "see also", "fr": "voir aussi", "ar": "انظر أيضًا"}
EXERCISE = {"en": "the exercise in", "fr": "l'exercice de", "ar": "تمرين"}
ALT = {"en": "Bar chart of {} per day", "fr": "Diagramme en barres : {} par jour",
       "ar": "رسم بالأعمدة: {} في كل يوم"}
TITLES = {"en": "Bench site", "fr": "Site de mesure", "ar": "موقع القياس"}

# Code blocks are the same in every locale, as translators keep code as it is.
CODE = [
    ("python", "import csv\n\nwith open(\"deliveries.csv\") as f:\n    rows = list(csv.DictReader(f))\n"
               "total = sum(int(r[\"litres\"]) for r in rows)\nprint(total / len(rows))\n"),
    ("sql", "SELECT district, SUM(litres) AS total\nFROM deliveries\nWHERE day >= '2026-03-01'\n"
            "GROUP BY district\nORDER BY total DESC;\n"),
    ("javascript", "const rows = table.querySelectorAll(\"tr\");\nlet total = 0;\n"
                   "for (const row of rows) {\n  total += Number(row.cells[2].textContent);\n}\n"
                   "console.log(total);\n"),
    ("bash", "sort -t, -k2 deliveries.csv | uniq -c | head -n 5\nwc -l deliveries.csv\n"),
]
INLINE_CODE = ["=SUM(B2:B9)", "=AVERAGE(C2:C31)", "len(rows)", "df.mean()", "COUNTIF", "sort -n",
               "NULL", "2026-03-09", "=MEDIAN(D2:D40)", "print(total)"]


def anchor(text):
    """A heading's id as coursekit makes it (HeadingAnchors.slug): lowercase, letters and digits
    of every script kept, spaces and '-' become one '-', marks and punctuation dropped."""
    out, dash = [], False
    for ch in text.lower():
        if unicodedata.category(ch) == "Mn" or ch == "\u0640":
            continue
        if ch.isalpha() or unicodedata.category(ch) == "Nd":
            if dash and out:
                out.append("-")
            dash = False
            out.append(ch)
        elif ch.isspace() or ch in "-_":
            dash = True
    return "".join(out) or "section"


class Writer:
    """Draws the text of one lesson in one locale. The lesson's *shape* (how many sentences,
    which code, which answer is right) comes from `shape`, shared by its three locales, so that
    translations keep headings, exercises and blocks in the same order, as coursekit expects."""

    def __init__(self, locale, shape, words):
        self.locale, self.shape, self.words = locale, shape, words

    def word(self):
        return self.words.choice(CONTENT[self.locale])

    def phrase(self, n):
        return " ".join(self.word() for _ in range(n))

    def sentence(self, n):
        parts = []
        for i in range(n):
            if i % 2 == 1 and self.words.random() < 0.75:
                parts.append(self.words.choice(FUNCTION[self.locale]))
            else:
                parts.append(self.word())
        if self.locale != "ar":
            parts[0] = parts[0][:1].upper() + parts[0][1:]
        return " ".join(parts) + "."

    def paragraph(self, words):
        """About `words` words, with some **strong**, *emphasis* and `code`."""
        sentences, count = [], 0
        while count < words:
            n = self.shape.randint(8, 16)
            sentence = self.sentence(n)
            roll = self.shape.random()
            tokens = sentence.split(" ")
            k = 2 * self.shape.randrange(1, (len(tokens) - 1) // 2)  # a content word, not the last
            if roll < 0.25:
                tokens[k] = f"**{tokens[k]}**"
            elif roll < 0.45:
                tokens[k] = f"*{tokens[k]}*"
            elif roll < 0.6:
                tokens[k] = f"`{self.shape.choice(INLINE_CODE)}`"
            sentences.append(" ".join(tokens))
            count += n
        return " ".join(sentences)

    def bullets(self, items, ordered=False):
        return "\n".join((f"{i + 1}. " if ordered else "- ") + self.sentence(self.shape.randint(6, 10))
                         for i in range(items))

    def table(self, rows, cols):
        head = "| " + " | ".join(self.word().capitalize() for _ in range(cols)) + " |"
        rule = "|" + "---|" * cols
        body = []
        for _ in range(rows):
            cells = [f"2026-03-{self.shape.randint(1, 28):02d}", self.word(), str(self.shape.randint(100, 2000))]
            cells += [f"`={self.shape.choice('ABCD')}{self.shape.randint(2, 40)}`" for _ in range(cols - 3)]
            body.append("| " + " | ".join(cells[:cols]) + " |")
        return "\n".join([head, rule] + body)

    def heading(self, level):
        # Two to four topic words: never the one-word practice or summary heading, whose
        # anchors must stay unique on the page.
        return "#" * level + " " + self.phrase(self.shape.randint(2, 4)).capitalize()


def lesson_text(locale, lesson, links):
    """One lesson file. `lesson` holds its slug, file name and key (which seeds its random
    generators); `links` the relative paths of the next lesson, a lesson in another module, and
    the lesson whose practice heading is linked to."""
    shape = random.Random(f"{SEED}:shape:{lesson['key']}")
    words = random.Random(f"{SEED}:words:{lesson['key']}:{locale}")
    w = Writer(locale, shape, words)
    topic = w.phrase(1)
    title = w.phrase(3).capitalize()
    objectives = "\n".join(f"  - {w.phrase(4)}" for _ in range(3))
    lang, code = shape.choice(CODE)
    correct = shape.randrange(3)
    quiz_answers = "\n".join(
        f"  - text: \"{w.sentence(6)[:-1]}\"" + ("\n    correct: true" if i == correct else "")
        for i in range(3))
    out = [
        f"---\ntitle: \"{title}\"\nduration: 20\nobjectives:\n{objectives}\n---",
        w.paragraph(55),
        w.heading(2),
        w.paragraph(86),
        w.paragraph(70),
        w.table(5, 4),
        w.heading(3),
        w.paragraph(62),
        w.bullets(4),
        w.heading(2),
        w.paragraph(86),
        f"```{lang}\n{code}```",
        w.paragraph(55),
        f"> [!TIP]\n> {w.paragraph(27)}",
        w.heading(3),
        w.paragraph(70),
        f"![{ALT[locale].format(topic)}](../media/chart{shape.randint(1, 3)}.svg)",
        w.paragraph(47),
        w.heading(2),
        w.paragraph(78),
        w.bullets(5, ordered=True),
        w.heading(3),
        w.paragraph(62),
        w.table(4, 3),
        f"## {PRACTICE[locale]}",
        w.paragraph(39),
        f"```quiz\nid: {lesson['slug']}-q1\nquestion: \"{QUESTION[locale].format(topic)}\"\n"
        f"answers:\n{quiz_answers}\nexplanation: \"{w.sentence(10)}\"\n```",
        f"## {SUMMARY[locale]}",
        w.paragraph(47),
        f"{NEXT[locale]}: [{w.phrase(2)}]({links['next']}); {SEE_ALSO[locale]} "
        f"[{w.phrase(2)}]({links['other']}) "
        f"{AND[locale]} [{EXERCISE[locale]} {w.phrase(2)}]({links['anchor']}#{anchor(PRACTICE[locale])}).",
    ]
    return "\n\n".join(out) + "\n"


def svg(n):
    bars = "".join(f'<rect x="{40 + 60 * i}" y="{180 - h}" width="40" height="{h}" fill="#0b5cad"/>'
                   for i, h in enumerate((120 - 15 * n, 100, 140 - 10 * n, 80, 110)))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 360 220" width="360" height="220" role="img">'
            f'<title>Chart {n}</title><rect width="360" height="220" fill="#fff"/>{bars}</svg>\n')


def plan(lessons_per_locale):
    """Courses → modules → lessons, with slugs unique within a course (lesson and quiz ids)."""
    courses = []
    total = 0
    c = 0
    while total < lessons_per_locale:
        rng = random.Random(f"{SEED}:course:{c}")
        course = {"id": f"{rng.choice(CONTENT['en'])}-course-{c + 1:02d}", "index": c, "modules": []}
        used = set()
        for m in range(MODULES_PER_COURSE):
            if total >= lessons_per_locale:
                break
            module = {"dir": f"{m + 1:02d}-{rng.choice(CONTENT['en'])}-{rng.choice(CONTENT['en'])}",
                      "index": m, "lessons": []}
            for n in range(LESSONS_PER_MODULE):
                if total >= lessons_per_locale:
                    break
                slug = f"{rng.choice(CONTENT['en'])}-{rng.choice(CONTENT['en'])}"
                while slug in used:
                    slug += f"-{n + 1}"
                used.add(slug)
                module["lessons"].append({"slug": slug, "file": f"{n + 1:02d}-{slug}", "key": f"{c}:{m}:{n}"})
                total += 1
            course["modules"].append(module)
        courses.append(course)
        c += 1
    return courses


def yaml_map(values):
    return "{" + ", ".join(f'{k}: "{v}"' for k, v in values.items()) + "}"


def write_content(out, courses):
    out.mkdir(parents=True, exist_ok=True)
    (out / "site.yaml").write_text(
        f"title: {yaml_map(TITLES)}\nlocales: [en, fr, ar]\ndefault_locale: en\n", encoding="utf-8")
    md_bytes = files = 0
    for course in courses:
        cdir = out / course["id"]
        (cdir / "media").mkdir(parents=True, exist_ok=True)
        for n in (1, 2, 3):
            (cdir / "media" / f"chart{n}.svg").write_text(svg(n))
        rng = random.Random(f"{SEED}:course-text:{course['index']}")
        titles = {loc: Writer(loc, rng, rng).phrase(3).capitalize() for loc in LOCALES}
        descriptions = {loc: Writer(loc, rng, rng).sentence(14) for loc in LOCALES}
        (cdir / "course.yaml").write_text(
            f"title: {yaml_map(titles)}\ndescription: {yaml_map(descriptions)}\n"
            f"source_locale: en\nlocales: [en, fr, ar]\n", encoding="utf-8")
        modules = course["modules"]
        for module in modules:
            mdir = cdir / module["dir"]
            mdir.mkdir(exist_ok=True)
            titles = {loc: Writer(loc, rng, rng).phrase(2).capitalize() for loc in LOCALES}
            (mdir / "module.yaml").write_text(f"title: {yaml_map(titles)}\n", encoding="utf-8")
            lessons = module["lessons"]
            for i, lesson in enumerate(lessons):
                # The next lesson of the module (the previous one for the last), the first
                # lesson of the next module, and a practice heading two modules on.
                nxt = lessons[i + 1] if i + 1 < len(lessons) else lessons[i - 1] if i else lesson
                other_m = modules[(module["index"] + 1) % len(modules)]
                far_m = modules[(module["index"] + 2) % len(modules)]
                far = far_m["lessons"][i % len(far_m["lessons"])]
                links = {"next": f"{nxt['file']}.md",
                         "other": f"../{other_m['dir']}/{other_m['lessons'][0]['file']}.md",
                         "anchor": f"../{far_m['dir']}/{far['file']}.md"}
                for loc in LOCALES:
                    data = lesson_text(loc, lesson, links).encode("utf-8")
                    (mdir / f"{lesson['file']}.{loc}.md").write_bytes(data)
                    md_bytes += len(data)
                    files += 1
    return md_bytes, files


def write_hugo(content, hugo, courses):
    """The same lessons as a Hugo site: one content folder per language, lessons as pages of
    their module section, with the lesson's own front matter plus a weight for prev/next, and a
    theme about as small as coursekit's pages (title, body, previous/next)."""
    if hugo.exists():
        shutil.rmtree(hugo)
    (hugo / "layouts" / "_default").mkdir(parents=True)
    (hugo / "hugo.toml").write_text(f"""baseURL = "http://localhost/"
title = "{TITLES['en']}"
defaultContentLanguage = "en"
defaultContentLanguageInSubdir = true
disableKinds = ["RSS", "sitemap", "taxonomy", "term"]
# The theme is the three templates below; no module, no resources pipeline.
[languages.en]
contentDir = "content/en"
label = "English"
weight = 1
[languages.fr]
contentDir = "content/fr"
label = "Français"
weight = 2
[languages.ar]
contentDir = "content/ar"
label = "العربية"
direction = "rtl"
weight = 3
""", encoding="utf-8")
    layouts = hugo / "layouts" / "_default"
    (layouts / "baseof.html").write_text(
        '<!doctype html>\n<html lang="{{ .Language.Lang }}" dir="{{ or .Language.Direction "ltr" }}">\n'
        '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">'
        '<title>{{ .Title }}</title></head>\n<body><main>{{ block "main" . }}{{ end }}</main></body>\n</html>\n')
    (layouts / "single.html").write_text(
        '{{ define "main" }}<article><h1>{{ .Title }}</h1>\n{{ .Content }}</article>\n<nav>'
        # Hugo's NextInSection is the page *before* in weight order, PrevInSection the one after.
        '{{ with .NextInSection }}<a rel="prev" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}\n'
        '{{ with .PrevInSection }}<a rel="next" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}'
        '</nav>{{ end }}\n')
    (layouts / "list.html").write_text(
        '{{ define "main" }}<h1>{{ .Title }}</h1>\n<ol>{{ range .Pages }}'
        '<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ol>{{ end }}\n')
    for loc in LOCALES:
        base = hugo / "content" / loc
        base.mkdir(parents=True)
        (base / "_index.md").write_text(f'---\ntitle: "{TITLES[loc]}"\n---\n', encoding="utf-8")
    for course in courses:
        shutil.copytree(content / course["id"] / "media", hugo / "static" / course["id"] / "media")
        for loc in LOCALES:
            cdir = hugo / "content" / loc / course["id"]
            cdir.mkdir()
            (cdir / "_index.md").write_text(f'---\ntitle: "{course["id"]}"\n---\n', encoding="utf-8")
            for module in course["modules"]:
                mdir = cdir / module["dir"]
                mdir.mkdir()
                (mdir / "_index.md").write_text(f'---\ntitle: "{module["dir"]}"\nweight: {module["index"] + 1}\n---\n')
                for n, lesson in enumerate(module["lessons"]):
                    text = (content / course["id"] / module["dir"] / f"{lesson['file']}.{loc}.md").read_text(encoding="utf-8")
                    # The lesson's front matter is valid Hugo front matter; add the order.
                    text = text.replace("---\n", f"---\nweight: {n + 1}\n", 1)
                    (mdir / f"{lesson['file']}.md").write_text(text, encoding="utf-8")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=pathlib.Path, help="content folder to write (replaced)")
    parser.add_argument("size", help="S, L, or lessons per locale")
    parser.add_argument("--hugo", type=pathlib.Path, help="also write the same lessons as a Hugo site here")
    args = parser.parse_args()
    count = SIZES.get(args.size.upper()) if not args.size.isdigit() else int(args.size)
    if not count:
        parser.error("SIZE is S, L or a number of lessons per locale")
    if args.out.exists():
        shutil.rmtree(args.out)
    courses = plan(count)
    md_bytes, files = write_content(args.out, courses)
    if args.hugo:
        write_hugo(args.out, args.hugo, courses)
    print(f"{args.out}: {len(courses)} courses, {count} lessons per locale, {files} lesson files, "
          f"{md_bytes:,} bytes of Markdown ({md_bytes / 2**20:.1f} MiB)")


if __name__ == "__main__":
    sys.exit(main())
