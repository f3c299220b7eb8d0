"""Time impactcheck: start-up, a large statute, many small documents, and how cost scales.

    python benchmarks/speed.py [--size-mb 5] [--small 500] [--repeat 3]

It builds its inputs in a temporary folder: a statute-style document of at
least ``--size-mb`` MB (Parts, numbered sections, subsections and paragraphs;
about one provision in ten uses wording the rubric looks for, the rest is
ordinary administrative drafting), and ``--small`` short policies. It prints
seconds, MB/s and documents/s. The figures depend on the machine; the README
records them for the 2-core machine CI runs on.

The commands find the rubric in the rubric cache (see ``rubric_cache``), as
every run after the first does; one line times the small document without it.
Before timing the command it compiles the package's bytecode, as installing
it does (without it, an environment with PYTHONDONTWRITEBYTECODE set would
compile every module from source on every run). It also times a fixed
pure-Python loop first: on a shared machine the speed of the CPU varies from
minute to minute, and that figure says how fast it was during this run.
"""

from __future__ import annotations

import argparse
import compileall
import os
import random
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
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


def best_of(repeat: int, run: Callable[[], object]) -> float:
    """Return the fastest of ``repeat`` timed runs, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def cli(*args: str, env: dict[str, str] | None = None) -> None:
    command = [sys.executable, "-m", "impactcheck", *args]
    subprocess.run(command, check=True, capture_output=True, env=env)


def time_reference(repeat: int) -> None:
    def loop() -> None:
        total = 0
        for number in range(3_000_000):
            total += number

    seconds = best_of(repeat, loop)
    print(f"reference loop (3 million additions; lower means a faster machine): {seconds:.3f} s")


def time_startup(repeat: int) -> None:
    seconds = best_of(repeat, lambda: cli("--version"))
    print(f"start-up (impactcheck --version): {seconds:.3f} s")


def time_large(folder: Path, size_mb: float, repeat: int) -> None:
    path = folder / "statute.txt"
    path.write_text(statute(int(size_mb * 1_000_000)), encoding="utf-8")
    megabytes = path.stat().st_size / 1_000_000
    tiny = folder / "tiny.txt"
    tiny.write_text(statute(2_000), encoding="utf-8")
    print(f"\nlarge document: {megabytes:.1f} MB")
    for fmt in ("json", "md", "html"):
        target = str(folder / f"out.{fmt}")
        seconds = best_of(
            repeat, lambda f=fmt, t=target: cli("assess", str(path), "-f", f, "-o", t)
        )
        # the same command on a 2 kB document: interpreter, imports, rubric, output
        fixed = best_of(repeat, lambda f=fmt, t=target: cli("assess", str(tiny), "-f", f, "-o", t))
        print(
            f"  assess --format {fmt:<5} {seconds:6.2f} s  {megabytes / seconds:5.2f} MB/s "
            f"(whole command; {fixed:.2f} s of it on a 2 kB document, "
            f"{megabytes / (seconds - fixed):5.2f} MB/s beyond that)"
        )
    # the runs above find the rubric in the cache after the first; this one never does
    uncached = {**os.environ, "IMPACTCHECK_CACHE_DIR": ""}
    target = str(folder / "out.json")
    fixed = best_of(repeat, lambda: cli("assess", str(tiny), "-o", target, env=uncached))
    print(f"  the 2 kB document without the rubric cache: {fixed:.2f} s")


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


def time_many(folder: Path, count: int, repeat: int) -> None:
    small = folder / "small"
    small.mkdir()
    rng = random.Random(3)
    paths = []
    for index in range(count):
        lines = [f"POLICY {index}", ""] + [
            f"{n}. {rng.choice(RELEVANT + NEUTRAL * 2)}" for n in range(1, 15)
        ]
        path = small / f"policy-{index:03d}.txt"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        paths.append(str(path))
    print(f"\n{count} small documents:")
    target = str(folder / "many.json")
    for jobs in (1, 2):
        seconds = best_of(repeat, lambda j=jobs: cli("assess", *paths, "-j", str(j), "-o", target))
        print(f"  --jobs {jobs}  {seconds:6.2f} s  {count / seconds:7.1f} documents/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=float, default=5.0)
    parser.add_argument("--small", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rubric = load_rubric()
    print(
        f"python {sys.version.split()[0]}, rubric {rubric.id} {rubric.version}, "
        f"{sum(len(c.indicators) for c in rubric.criteria)} indicators; best of {args.repeat}"
    )
    compileall.compile_dir(ROOT / "impactcheck", quiet=1)
    time_reference(max(args.repeat, 5))
    time_startup(max(args.repeat, 5))
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        time_large(folder, args.size_mb, args.repeat)
        time_scaling(rubric, args.repeat)
        time_many(folder, args.small, args.repeat)


if __name__ == "__main__":
    main()
