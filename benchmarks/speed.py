"""Time impactcheck: start-up, real and synthetic statutes, many small documents, scaling.

    python benchmarks/speed.py [--size-mb 5] [--small 500] [--repeat 5]
                               [--cases real,bill,shapes,many,synthetic,scaling]
                               [--baseline OTHER-CHECKOUT]

Every whole command runs as a subprocess, several times, in turn with the
commands it is compared with (A B A B ...), and the figures printed are medians
and, for comparisons, the median of the ratios pair by pair: on a shared
machine the speed drifts from minute to minute, and a ratio taken in the same
minutes holds where an absolute time does not. CPU is the child's user + system
time; wall is elapsed time (the only measure of ``--jobs``).

- real: a document built from the real statute texts in
  ``../shared/realtexts/texts`` (joined and repeated to ``--size-mb`` MB, and to
  twice that to check that cost grows linearly), timed against
  ``grep -c -i -E -f benchmarks/stems.txt`` on the same file. Skipped, with a
  message, when that folder is absent.
- bill: ``impactcheck --version`` and a 20 KB bill end to end.
- shapes: one paragraph of many short lines, and one long line, each at two
  sizes (the second twice the first: the time ratio should be about 2).
- many: ``--small`` documents of about 10 KB (real text when present), with
  ``--jobs 1`` and ``--jobs 2``: documents/s and the speed-up.
- synthetic: a statute-style document of ``--size-mb`` MB (Parts, numbered
  sections; about one provision in ten uses wording the rubric looks for), in
  JSON, Markdown and HTML, and a 2 kB document for the fixed cost.
- scaling: reading and matching in process, by size and by number of indicators.

``--baseline`` names another checkout of impactcheck (``git worktree add`` or
``git archive``): each whole command is then also run with that code, in turn,
and the ratio new / baseline printed. The commands find the rubric in the rubric
cache (see ``rubric_cache``), as every run after the first does. Before timing,
the package's bytecode is compiled, as installing it does; a fixed pure-Python
loop is timed first, to say how fast the machine was during this run.
"""

from __future__ import annotations

import argparse
import compileall
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REALTEXTS = ROOT.parent / "shared" / "realtexts" / "texts"
STEMS = ROOT / "benchmarks" / "stems.txt"
sys.path.insert(0, str(ROOT))

from impactcheck.engine import assess_text  # noqa: E402
from impactcheck.rubric.load import load_rubric  # noqa: E402
from impactcheck.rubric.model import Rubric  # noqa: E402
from impactcheck.runner import cycle_collection_paused  # noqa: E402

RELEVANT = [
    "A person who purchases sexual services commits an offence and is liable to a fine.",
    "The police shall not conduct raids on the workplaces of sex workers.",
    "A victim of trafficking shall not be deported during the reflection period.",
    'In this Act, "rescue operation" means an operation to remove persons from a brothel.',
    "Assistance shall be provided regardless of whether the person cooperates with the police.",
    "Section 19 (soliciting for the purposes of prostitution) of the 1965 Act is repealed.",
    "Every person admitted to a shelter shall undergo a mandatory HIV test.",
]
NEUTRAL = [
    "The Minister may make regulations prescribing the forms, fees and records to be kept "
    "for the purposes of this section.",
    "The authority shall publish an annual report on the exercise of its functions and lay a "
    "copy of the report before Parliament.",
    "A notice under this section must be in writing and must state the date on which it takes "
    "effect.",
    "Nothing in this section affects the powers of the Revenue to inspect the accounts and "
    "records of any business.",
    "The tribunal may extend any period specified in this Part where it considers it just and "
    "equitable to do so.",
    "A person who fails without reasonable excuse to comply with a requirement under "
    "subsection (2) commits an offence.",
    "Where the authority refuses an application it shall give the applicant written reasons "
    "for the refusal.",
]


def statute(size_bytes: int, seed: int = 7) -> str:
    """Build a statute-style text of at least ``size_bytes`` characters."""
    rng = random.Random(seed)
    parts: list[str] = ["PUBLIC ADMINISTRATION (MISCELLANEOUS PROVISIONS) ACT", ""]
    section = 0
    length = 0
    while length < size_bytes:
        section += 1
        if section % 40 == 1:
            parts += [f"PART {section // 40 + 1}", "GENERAL PROVISIONS", ""]
        lines = [f"{section}. Provision {section}"]
        for number in range(1, rng.randint(2, 4) + 1):
            pool = RELEVANT if rng.random() < 0.1 else NEUTRAL
            lines.append(f"({number}) {rng.choice(pool)}")
            if rng.random() < 0.2:
                lines.append("(a) the first matter; and\n(b) the second matter.")
        block = "\n".join(lines) + "\n"
        parts.append(block)
        length += len(block)
    return "\n".join(parts)


def run_on(size_bytes: int, seed: int = 5) -> str:
    """Lower-case text wrapped at 80 columns, with no blank line and no sentence end."""
    rng = random.Random(seed)
    words: list[str] = []
    length = 0
    pool = " ".join(RELEVANT + NEUTRAL).lower().replace(".", ",").split()
    while length < size_bytes:
        word = rng.choice(pool)
        words.append(word)
        length += len(word) + 1
    return textwrap.fill(" ".join(words), 80)


def real_text(size_bytes: int) -> str:
    """The real statute texts joined (a blank line between) and repeated to ``size_bytes``."""
    texts = [path.read_text(encoding="utf-8") for path in sorted(REALTEXTS.glob("*.txt"))]
    joined = "\n\n".join(text.strip("\n") for text in texts) + "\n\n"
    return (joined * (size_bytes // len(joined) + 1))[:size_bytes].rsplit("\n\n", 1)[0] + "\n"


def short_lines(size_bytes: int, seed: int = 11) -> str:
    """One paragraph (no blank line) of short lines of two or three ordinary words."""
    rng = random.Random(seed)
    words = " ".join(NEUTRAL).lower().replace(".", "").replace(",", "").split()
    lines: list[str] = []
    length = 0
    while length < size_bytes:
        line = " ".join(rng.choice(words) for _ in range(rng.randint(2, 3)))
        lines.append(line)
        length += len(line) + 1
    return "\n".join(lines) + "\n"


def one_line(size_bytes: int) -> str:
    """The text of ``run_on`` on a single line."""
    return run_on(size_bytes).replace("\n", " ")


def best_of(repeat: int, run: Callable[[], object]) -> float:
    """Return the fastest of ``repeat`` timed runs, in seconds (for in-process timing)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


class Command:
    """A whole command to time as a subprocess: the wall and CPU time of each run."""

    def __init__(self, label: str, argv: Sequence[str], cwd: Path | None = None) -> None:
        self.label, self.argv, self.cwd = label, list(argv), cwd
        self.wall: list[float] = []
        self.cpu: list[float] = []

    def run(self, keep: bool = True) -> None:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        # output goes to a pipe, never /dev/null: GNU grep stops at the first match there
        subprocess.run(self.argv, check=True, capture_output=True, cwd=self.cwd)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if keep:
            self.wall.append(wall)
            self.cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)

    def median(self, measure: str = "cpu") -> float:
        return statistics.median(getattr(self, measure))


def impactcheck(label: str, *args: str, tree: Path = ROOT) -> Command:
    """``python -m impactcheck ARGS`` run with the code of ``tree`` (this checkout by default)."""
    return Command(label, [sys.executable, "-m", "impactcheck", *args], cwd=tree)


def paired(repeat: int, *commands: Command) -> None:
    """Run the commands in turn, ``repeat`` rounds after one warm-up round."""
    for command in commands:
        command.run(keep=False)
    for _ in range(repeat):
        for command in commands:
            command.run()


def ratio(a: Command, b: Command, measure: str = "cpu") -> float:
    """The median of the ratios a / b, run by run (the runs were made in turn)."""
    pairs = zip(getattr(a, measure), getattr(b, measure), strict=True)
    return statistics.median(x / y for x, y in pairs)


def show(command: Command, megabytes: float | None = None) -> str:
    line = f"{command.median('cpu'):7.3f} s CPU, {command.median('wall'):7.3f} s wall"
    if megabytes:
        line += f"  {megabytes / command.median('cpu'):5.2f} MB/s (CPU)"
    return line


def with_baseline(command: Command, baseline: Path | None) -> list[Command]:
    """The command, and the same command with the baseline's code when one is given."""
    if baseline is None:
        return [command]
    args = command.argv[3:]  # (after python -m impactcheck)
    return [command, impactcheck(f"{command.label} (baseline)", *args, tree=baseline)]


def show_baseline(commands: list[Command], measure: str = "cpu") -> None:
    if len(commands) == 2:
        print(
            f"    baseline: {show(commands[1])}; this / baseline: "
            f"{ratio(commands[0], commands[1], measure):.3f} ({measure})"
        )


def time_reference(repeat: int) -> None:
    def loop() -> None:
        total = 0
        for number in range(3_000_000):
            total += number

    seconds = best_of(repeat, loop)
    print(f"reference loop (3 million additions; lower means a faster machine): {seconds:.3f} s")


def time_real(folder: Path, size_mb: float, repeat: int, baseline: Path | None) -> None:
    print(f"\nreal statute text (the texts of {REALTEXTS.parent}, joined and repeated):")
    if not REALTEXTS.is_dir():
        print(f"  skipped: {REALTEXTS} is absent")
        return
    grep = shutil.which("grep")
    paths = []
    for scale in (1, 2):
        path = folder / f"real-{scale}.txt"
        path.write_text(real_text(int(size_mb * scale * 1_000_000)), encoding="utf-8")
        paths.append(path)
    sizes = [path.stat().st_size / 1_000_000 for path in paths]
    runs = []
    fixed = fixed_cost(folder)
    for path, megabytes in zip(paths, sizes, strict=True):
        assess = impactcheck(f"assess {megabytes:.1f} MB", "assess", str(path), "-o", "-")
        commands = with_baseline(assess, baseline)
        if grep:
            commands.append(Command("grep", [grep, "-c", "-i", "-E", "-f", str(STEMS), str(path)]))
        paired(repeat, *commands, *([] if runs else [fixed]))
        runs.append(assess)
        print(f"  {megabytes:4.1f} MB  assess (whole command): {show(assess, megabytes)}")
        show_baseline(commands[:2] if baseline else commands[:1])
        if grep:
            stems = sum(1 for line in STEMS.read_text(encoding="utf-8").splitlines() if line)
            print(
                f"           grep -c -i -E -f stems.txt ({stems} stems): {show(commands[-1])}; "
                f"assess / grep: {ratio(assess, commands[-1]):.1f}x CPU, "
                f"{ratio(assess, commands[-1], 'wall'):.1f}x wall (target <= 5x)"
            )
    print(
        f"  {sizes[1]:.1f} MB costs {runs[1].median() / runs[0].median():.2f}x {sizes[0]:.1f} MB "
        f"(CPU; {growth(*runs, fixed):.2f}x beyond the {fixed.median():.2f} s of a 2 kB "
        "document; target <= 2.2)"
    )
    if not grep:
        print("  (grep not found: no ratio)")


def time_bill(folder: Path, repeat: int, baseline: Path | None) -> None:
    print("\nstart-up and a 20 KB bill, end to end:")
    version = with_baseline(impactcheck("--version", "--version"), baseline)
    paired(repeat, *version)
    print(f"  impactcheck --version: {show(version[0])} (target < 0.3 s)")
    show_baseline(version)
    bill = folder / "bill.txt"
    text = real_text(20_000) if REALTEXTS.is_dir() else statute(20_000)
    bill.write_text(text, encoding="utf-8")
    kilobytes = bill.stat().st_size / 1000
    commands = with_baseline(impactcheck("bill", "assess", str(bill), "-o", "-"), baseline)
    paired(repeat, *commands)
    print(f"  assess a {kilobytes:.0f} KB bill: {show(commands[0])} (target < 0.5 s)")
    show_baseline(commands)


def fixed_cost(folder: Path) -> Command:
    """The whole command on a 2 kB document: interpreter, imports, rubric, output."""
    tiny = folder / "fixed.txt"
    tiny.write_text(statute(2_000), encoding="utf-8")
    return impactcheck("2 kB", "assess", str(tiny), "-o", "-")


def growth(small: Command, large: Command, fixed: Command) -> float:
    """How many times ``small``'s cost ``large`` costs, beyond the fixed cost of a run."""
    return (large.median() - fixed.median()) / (small.median() - fixed.median())


def time_shapes(folder: Path, shape_mb: float, line_mb: float, repeat: int) -> None:
    print(
        "\ninput shapes, each at two sizes (the second costs about 2x the first beyond the "
        "fixed cost of a run; target <= 2.2):"
    )
    for name, build, size_mb in (
        ("one paragraph of short lines", short_lines, shape_mb),
        ("a single line", one_line, line_mb),
    ):
        commands = []
        for scale in (1, 2):
            path = folder / f"shape-{build.__name__}-{scale}.txt"
            path.write_text(build(int(size_mb * scale * 1_000_000)), encoding="utf-8")
            lines = path.read_text(encoding="utf-8").count("\n")
            label = f"{path.stat().st_size / 1_000_000:.1f} MB, {lines} line breaks"
            commands.append(impactcheck(label, "assess", str(path), "-o", "-"))
        fixed = fixed_cost(folder)
        paired(max(3, repeat // 2), *commands, fixed)
        print(
            f"  {name}: {commands[0].label}: {commands[0].median():.2f} s CPU; "
            f"{commands[1].label}: {commands[1].median():.2f} s CPU; "
            f"growth {growth(*commands, fixed):.2f}x"
        )


def small_documents(folder: Path, count: int) -> list[str]:
    """``count`` documents of about 10 KB: paragraphs of the real texts, or synthetic."""
    small = folder / "small"
    small.mkdir()
    rng = random.Random(3)
    paragraphs = []
    if REALTEXTS.is_dir():
        text = real_text(2_000_000)
        paragraphs = [p for p in text.split("\n\n") if p.strip()]
    paths = []
    for index in range(count):
        if paragraphs:
            body, length = [f"POLICY {index}"], 0
            while length < 10_000:
                body.append(rng.choice(paragraphs))
                length += len(body[-1]) + 2
            text = "\n\n".join(body) + "\n"
        else:
            text = statute(10_000, seed=index)
        path = small / f"policy-{index:03d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    return paths


def time_many(folder: Path, count: int, repeat: int, baseline: Path | None) -> None:
    paths = small_documents(folder, count)
    kilobytes = sum(Path(p).stat().st_size for p in paths) / count / 1000
    source = "real text" if REALTEXTS.is_dir() else "synthetic"
    print(f"\n{count} documents of about {kilobytes:.0f} KB ({source}), wall time:")
    target = str(folder / "many.json")
    runs = {
        jobs: impactcheck(f"--jobs {jobs}", "assess", *paths, "-j", str(jobs), "-o", target)
        for jobs in (1, 2)
    }
    commands = list(runs.values())
    if baseline:
        commands += [
            impactcheck(f"--jobs {jobs} (baseline)", *c.argv[3:], tree=baseline)
            for jobs, c in runs.items()
        ]
    paired(max(3, repeat // 2), *commands)
    for jobs, command in runs.items():
        seconds = command.median("wall")
        print(
            f"  --jobs {jobs}  {seconds:6.2f} s  {count / seconds:7.1f} documents/s "
            f"({command.median('cpu'):.2f} s CPU, every process)"
        )
    print(
        f"  speed-up of --jobs 2: {ratio(runs[1], runs[2], 'wall'):.2f}x "
        "(median of the paired ratios; target >= 1.6x)"
    )
    if baseline:
        for jobs, command in zip((1, 2), commands[2:], strict=True):
            print(
                f"    baseline --jobs {jobs}: {count / command.median('wall'):7.1f} documents/s; "
                f"this / baseline time: {ratio(runs[jobs], command, 'wall'):.3f}"
            )
        print(f"    baseline speed-up: {ratio(commands[2], commands[3], 'wall'):.2f}x")


def time_synthetic(folder: Path, size_mb: float, repeat: int, baseline: Path | None) -> None:
    path = folder / "statute.txt"
    path.write_text(statute(int(size_mb * 1_000_000)), encoding="utf-8")
    megabytes = path.stat().st_size / 1_000_000
    tiny = folder / "tiny.txt"
    tiny.write_text(statute(2_000), encoding="utf-8")
    print(f"\nsynthetic statute: {megabytes:.1f} MB")
    for fmt in ("json", "md", "html"):
        target = str(folder / f"out.{fmt}")
        large = with_baseline(
            impactcheck(fmt, "assess", str(path), "-f", fmt, "-o", target), baseline
        )
        # the same command on a 2 kB document: interpreter, imports, rubric, output
        fixed = impactcheck(f"{fmt} 2 kB", "assess", str(tiny), "-f", fmt, "-o", target)
        paired(repeat, *large, fixed)
        seconds, fixed_seconds = large[0].median(), fixed.median()
        print(
            f"  assess --format {fmt:<5} {show(large[0], megabytes)} "
            f"(whole command; {fixed_seconds:.2f} s of it on a 2 kB document, "
            f"{megabytes / (seconds - fixed_seconds):5.2f} MB/s beyond that)"
        )
        show_baseline(large)
    # the runs above find the rubric in the cache after the first; this one never does
    target = str(folder / "out.json")
    uncached = impactcheck("uncached", "assess", str(tiny), "-o", target)
    uncached.argv = ["env", "IMPACTCHECK_CACHE_DIR=", *uncached.argv]
    paired(repeat, uncached)
    print(f"  the 2 kB document without the rubric cache: {uncached.median():.2f} s CPU")


def time_scaling(rubric: Rubric, repeat: int) -> None:
    print("\nscaling of reading + matching (in process, one core):")
    _time_sizes(rubric, statute, (0.5, 1.0, 2.0, 4.0), repeat)
    print("  text with no sentence punctuation (one block, as in some PDF text layers):")
    _time_sizes(rubric, run_on, (0.25, 0.5, 1.0), repeat)
    text = statute(1_000_000)
    criteria = rubric.criteria
    print("  by number of indicators, on 1 MB:")
    for count in (len(criteria) // 4, len(criteria) // 2, len(criteria)):
        subset = rubric.model_copy(update={"criteria": criteria[:count]})
        indicators = sum(len(c.indicators) for c in subset.criteria)
        seconds = best_of(repeat, lambda r=subset: _assess_text(r, text))
        print(f"    {indicators:3d} indicators  {seconds:6.2f} s")


def _time_sizes(
    rubric: Rubric, build: Callable[[int], str], sizes: tuple[float, ...], repeat: int
) -> None:
    """Time assessing texts of each size (MB), and the time per MB relative to the first."""
    base = None
    for size_mb in sizes:
        text = build(int(size_mb * 1_000_000))
        seconds = best_of(repeat, lambda t=text: _assess_text(rubric, t))
        base = base or seconds / size_mb
        print(
            f"  {size_mb:4.2f} MB  {seconds:6.2f} s  {size_mb / seconds:6.2f} MB/s  "
            f"(time per MB relative to {sizes[0]} MB: {seconds / size_mb / base:4.2f})"
        )


def _assess_text(rubric: Rubric, text: str) -> None:
    with cycle_collection_paused():  # as the command does for each document
        assess_text(rubric, text, path="bench.txt")


CASES = ("real", "bill", "shapes", "many", "synthetic", "scaling")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=float, default=5.0)
    parser.add_argument("--small", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--shape-mb", type=float, default=1.0, help="short-lines size")
    parser.add_argument("--line-mb", type=float, default=2.0, help="single-line size")
    parser.add_argument("--cases", default=",".join(CASES), help="comma-separated")
    parser.add_argument("--baseline", type=Path, help="another checkout to compare with")
    args = parser.parse_args()
    cases = set(args.cases.split(","))
    if unknown := cases - set(CASES):
        parser.error(f"unknown case(s): {', '.join(sorted(unknown))}")
    rubric = load_rubric()
    print(
        f"python {sys.version.split()[0]}, rubric {rubric.id} {rubric.version}, "
        f"{sum(len(c.indicators) for c in rubric.criteria)} indicators; "
        f"medians of {args.repeat} runs, in turn with what each is compared with"
    )
    for tree in (ROOT, args.baseline):
        if tree is not None:
            compileall.compile_dir(tree / "impactcheck", quiet=1)
    time_reference(5)
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        if "real" in cases:
            time_real(folder, args.size_mb, args.repeat, args.baseline)
        if "bill" in cases:
            time_bill(folder, args.repeat, args.baseline)
        if "shapes" in cases:
            time_shapes(folder, args.shape_mb, args.line_mb, args.repeat)
        if "many" in cases:
            time_many(folder, args.small, args.repeat, args.baseline)
        if "synthetic" in cases:
            time_synthetic(folder, args.size_mb, args.repeat, args.baseline)
    if "scaling" in cases:
        time_scaling(rubric, 3)


if __name__ == "__main__":
    main()
