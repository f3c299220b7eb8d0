"""Measure impactcheck's verdicts and evidence against the real official texts in shared/realtexts.

The corpus (30 real acts, bills, regulations and guidance in en, fr, es and de,
with per-criterion labels and verbatim anchor quotes) lives beside the
repository, in ``../shared/realtexts``; it is never copied into it. The texts
are split by a fixed rule (``held_out``) into a development part and a
held-out part, which must never be tuned on. For each part, language and
criterion it prints:

* exact label agreement: labelled (text, criterion) pairs whose engine verdict
  equals the label, out of all labelled pairs (negative texts excluded);
* inversions: a harmful label read as aligned, or an aligned one as harmful;
* negatives correct: of the negative texts' not_addressed labels, the share the
  engine got right, and how many negative texts it got entirely right;
* anchor recall: anchor quotes of harmful, mixed and aligned labels whose lines
  the engine's evidence for that criterion, of the labelled effect (for a mixed label:
  any effect, a partial measure too), overlaps.

Run from anywhere:

    python benchmarks/realtexts.py [--realtexts DIR] [--rubric ID|PATH] [--show-errors] [--json]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_REALTEXTS = ROOT.parent / "shared" / "realtexts"
FLOOR = Path(__file__).resolve().parent / "realtexts-floor.json"
DEFAULT_RUBRIC = "nswp-gaatw"
LANGUAGES = ("en", "fr", "es", "de")
PARTS = ("development", "held-out", "all")
# the evidence effects that recall an anchor of each label
EFFECTS = {
    "harmful": {"harmful"},
    "aligned": {"aligned"},
    "mixed": {"harmful", "partial", "aligned"},
}
INVERTED = {"harmful": "aligned", "aligned": "harmful"}

# The held-out rule. Sort all ids; the id at sorted index i is held out when
# i % 3 == 2, the others are the development part. Fixed here, never tuned:
# with the 30 texts of 2026-12 it holds out 10 and keeps 20 for development.
# Adding or removing a text moves every later id, so the split is only stable
# while the set of ids is.
HELD_OUT_EVERY = 3
HELD_OUT_REMAINDER = 2
# The held-out part has been spent: its errors were read on 2026-12-01, at commit
# 490f78b, after its blind figures were recorded in docs/accuracy.md, and it moved
# into development. Every text is now development; the figure that counts is the
# maintainers' own hidden set.
HELD_OUT_SPENT = "2026-12-01, at 490f78b"


def held_out(ids: Iterable[str], spent: str = HELD_OUT_SPENT) -> set[str]:
    """The ids held out by the fixed rule (sorted index i with i % 3 == 2), or none
    once the part is spent (``HELD_OUT_SPENT``)."""
    if spent:
        return set()
    return {
        text_id
        for index, text_id in enumerate(sorted(ids))
        if index % HELD_OUT_EVERY == HELD_OUT_REMAINDER
    }


# --------------------------------------------------------------------------- the engine


@dataclass(frozen=True)
class Finding:
    """The engine's verdict on one criterion, and the (effect, line, end_line) of its evidence."""

    verdict: str
    evidence: tuple[tuple[str, int, int], ...] = ()


@dataclass(frozen=True)
class EngineRun:
    """What the engine said about each text, by criterion, and which rubric it used."""

    rubric: str
    criteria: tuple[str, ...]
    findings: dict[str, dict[str, Finding]]


def assess_text_files(rubric_reference: str, texts: dict[str, tuple[Path, str]]) -> EngineRun:
    """Assess each text file (id -> (path, language)); the only code that touches impactcheck.

    It reads each file as a user's run does (``load_policy``) and returns plain
    values, so the rest of the benchmark does not depend on the package's layout.
    The engine has no language option yet: ``language`` is not used.
    """
    from impactcheck.engine import assess_policy
    from impactcheck.policy import load_policy
    from impactcheck.rubric.load import load_rubric

    rubric = load_rubric(rubric_reference)
    findings: dict[str, dict[str, Finding]] = {}
    for text_id, (path, _language) in texts.items():
        result = assess_policy(rubric, load_policy(path))
        findings[text_id] = {
            c.id: Finding(c.verdict, tuple((e.effect, e.line, e.end_line) for e in c.evidence))
            for c in result.criteria
        }
    return EngineRun(
        rubric=f"{rubric.id} {rubric.version}",
        criteria=tuple(c.id for c in rubric.criteria),
        findings=findings,
    )


# --------------------------------------------------------------------------- the corpus


@dataclass(frozen=True)
class Anchor:
    """One anchor quote and the 1-based line spans where it occurs in its text."""

    quote: str
    spans: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Entry:
    """One labelled text."""

    id: str
    path: Path
    language: str
    negative: bool
    labels: dict[str, str]
    anchors: dict[str, tuple[Anchor, ...]]


def normalise(text: str) -> str:
    """Whitespace runs as single spaces, ends stripped: check.py's normalisation."""
    return re.sub(r"\s+", " ", text).strip()


def anchor_spans(text: str, quote: str) -> tuple[tuple[int, int], ...]:
    """The 1-based (first, last) line of every place ``quote`` occurs, whitespace normalised.

    Matching the quote's words separated by any run of whitespace finds exactly
    what check.py's ``norm(quote) in norm(text)`` finds, in the original text.
    Lines are counted as the engine counts them: split at newlines, CR LF as one.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    pattern = re.compile(r"\s+".join(re.escape(word) for word in normalise(quote).split(" ")))
    return tuple(
        (text.count("\n", 0, m.start()) + 1, text.count("\n", 0, m.end() - 1) + 1)
        for m in pattern.finditer(text)
    )


def load_corpus(folder: Path) -> list[Entry]:
    """Read labels.yaml and locate every anchor in its text."""
    entries = []
    for raw in yaml.safe_load((folder / "labels.yaml").read_text(encoding="utf-8")):
        path = folder / "texts" / f"{raw['id']}.txt"
        text = path.read_text(encoding="utf-8")
        anchors = {
            criterion: tuple(Anchor(q, anchor_spans(text, q)) for q in quotes)
            for criterion, quotes in (raw.get("anchors") or {}).items()
        }
        entries.append(
            Entry(
                id=raw["id"],
                path=path,
                language=raw["language"],
                negative=raw["kind"] == "negative",
                labels=dict(raw.get("labels") or {}),
                anchors=anchors,
            )
        )
    return sorted(entries, key=lambda e: e.id)


def corpus_digest(folder: Path) -> str:
    """A SHA-256 over labels.yaml and every text, to tell which corpus a floor was measured on."""
    digest = hashlib.sha256((folder / "labels.yaml").read_bytes())
    for path in sorted((folder / "texts").glob("*.txt")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


# --------------------------------------------------------------------------- figures


def ratio(part: int, whole: int) -> float | None:
    """part / whole, or None for an empty slice."""
    return part / whole if whole else None


@dataclass
class Tally:
    """Label agreement, inversions, negatives and anchor recall for one slice."""

    texts: int = 0
    labelled: int = 0
    agreeing: int = 0
    inversions: int = 0
    negative_texts: int = 0
    negative_texts_right: int = 0
    negative_labels: int = 0
    negative_right: int = 0
    anchors: int = 0
    recalled: int = 0

    @property
    def agreement(self) -> float | None:
        return ratio(self.agreeing, self.labelled)

    @property
    def negatives_correct(self) -> float | None:
        return ratio(self.negative_right, self.negative_labels)

    @property
    def anchor_recall(self) -> float | None:
        return ratio(self.recalled, self.anchors)

    def as_json(self) -> dict[str, Any]:
        """The counts and the figures made from them."""
        return {
            **self.__dict__,
            "agreement": self.agreement,
            "negatives_correct": self.negatives_correct,
            "anchor_recall": self.anchor_recall,
        }


@dataclass
class PartFigures:
    """The tallies of one part: by language (and "all"), by criterion, and its errors."""

    ids: list[str] = field(default_factory=list)
    by_language: dict[str, Tally] = field(default_factory=dict)
    by_criterion: dict[str, Tally] = field(default_factory=dict)
    wrong: list[str] = field(default_factory=list)
    inversions: list[str] = field(default_factory=list)
    missed_anchors: list[str] = field(default_factory=list)


@dataclass
class Measurement:
    """Every figure of one run, by part."""

    rubric: str
    corpus: str
    parts: dict[str, PartFigures]

    def as_json(self) -> dict[str, Any]:
        """The figures as plain JSON values (errors left out)."""
        return {
            "rubric": self.rubric,
            "corpus_sha256": self.corpus,
            "held_out_rule": f"sorted index i held out when i % {HELD_OUT_EVERY} == "
            f"{HELD_OUT_REMAINDER}",
            "parts": {
                name: {
                    "ids": part.ids,
                    "by_language": {k: t.as_json() for k, t in part.by_language.items()},
                    "by_criterion": {k: t.as_json() for k, t in part.by_criterion.items()},
                }
                for name, part in self.parts.items()
            },
        }


def recalled(anchor: Anchor, label: str, finding: Finding) -> bool:
    """Whether evidence of the labelled effect overlaps a line of the anchor."""
    return any(
        effect in EFFECTS[label] and line <= last and end_line >= first
        for effect, line, end_line in finding.evidence
        for first, last in anchor.spans
    )


def tally_entry(
    entry: Entry,
    findings: dict[str, Finding],
    criteria: tuple[str, ...],
    tallies: list[Tally],
    by_criterion: dict[str, Tally],
    part: PartFigures,
) -> None:
    """Add one text's comparison to the slice tallies, the criterion tallies and the errors."""
    for tally in tallies:
        tally.texts += 1
    all_right = True
    for criterion in criteria:
        if criterion not in entry.labels:
            continue  # unknown, not not_addressed
        label, verdict = entry.labels[criterion], findings[criterion].verdict
        right = verdict == label
        all_right &= right
        targets = [*tallies, by_criterion.setdefault(criterion, Tally())]
        for tally in targets:
            if entry.negative:
                tally.negative_labels += 1
                tally.negative_right += right
            else:
                tally.labelled += 1
                tally.agreeing += right
                tally.inversions += INVERTED.get(label) == verdict
        if not right:
            kind = " (negative text)" if entry.negative else ""
            part.wrong.append(f"{entry.id}: {criterion}: label {label}, engine {verdict}{kind}")
        if INVERTED.get(label) == verdict:
            part.inversions.append(f"{entry.id}: {criterion}: label {label}, engine {verdict}")
        if label not in EFFECTS:
            continue
        for anchor in entry.anchors.get(criterion, ()):
            hit = recalled(anchor, label, findings[criterion])
            for tally in targets:
                tally.anchors += 1
                tally.recalled += hit
            if not hit:
                lines = ", ".join(f"{a}-{b}" if a != b else str(a) for a, b in anchor.spans)
                part.missed_anchors.append(
                    f"{entry.id}: {criterion} ({label}), lines {lines or 'not found'}: "
                    f"{normalise(anchor.quote)[:80]}"
                )
    if entry.negative:
        for tally in tallies:
            tally.negative_texts += 1
            tally.negative_texts_right += all_right


def measure(folder: Path = DEFAULT_REALTEXTS, rubric: str = DEFAULT_RUBRIC) -> Measurement:
    """Assess every text in ``folder`` and compare it with its labels, part by part."""
    entries = load_corpus(folder)
    run = assess_text_files(rubric, {e.id: (e.path, e.language) for e in entries})
    held = held_out(e.id for e in entries)
    parts = {name: PartFigures() for name in PARTS}
    for entry in entries:
        names = ("held-out" if entry.id in held else "development", "all")
        for name in names:
            part = parts[name]
            part.ids.append(entry.id)
            tallies = [
                part.by_language.setdefault(language, Tally())
                for language in (entry.language, "all")
            ]
            tally_entry(
                entry, run.findings[entry.id], run.criteria, tallies, part.by_criterion, part
            )
    for part in parts.values():
        part.by_language = {k: part.by_language.get(k, Tally()) for k in (*LANGUAGES, "all")}
        part.by_criterion = {
            c: part.by_criterion[c] for c in run.criteria if c in part.by_criterion
        }
    return Measurement(rubric=run.rubric, corpus=corpus_digest(folder), parts=parts)


# --------------------------------------------------------------------------- floor


def round_down(value: float) -> float:
    """``value`` rounded down to 3 decimals (a ratio of counts, so float noise is ignored)."""
    return math.floor(round(value * 1000, 6)) / 1000


def floor_of(measurement: Measurement) -> dict[str, Any]:
    """Today's figures as a floor: ratios rounded down, inversions as a ceiling."""
    floors: dict[str, dict[str, float | int]] = {}
    ceilings: dict[str, dict[str, int]] = {}
    for name, part in measurement.parts.items():
        for language, tally in part.by_language.items():
            key = f"{name}/{language}"
            figures = {
                "agreement": tally.agreement,
                "anchor_recall": tally.anchor_recall,
                "negatives_correct": tally.negatives_correct,
            }
            floor: dict[str, float | int] = {
                k: round_down(v) for k, v in figures.items() if v is not None
            }
            if tally.negative_texts:
                floor["negative_texts_right"] = tally.negative_texts_right
            if floor:  # (an empty slice, as held-out German today, has no figures)
                floors[key] = floor
            if tally.labelled:
                ceilings[key] = {"inversions": tally.inversions}
    return {
        "rubric": measurement.rubric,
        "corpus_sha256": measurement.corpus,
        "floors": floors,
        "ceilings": ceilings,
    }


# --------------------------------------------------------------------------- output


def cell(value: float | None) -> str:
    """A ratio as three decimals, or a dash for an empty slice."""
    return "-" if value is None else f"{value:.3f}"


def print_tally_row(name: str, tally: Tally, with_texts: bool = True) -> None:
    """One row of the table."""
    negatives = (
        f"{tally.negative_texts_right}/{tally.negative_texts}"
        if with_texts
        else f"{tally.negative_right}/{tally.negative_labels}"
    )
    print(
        f"{name:<20}{tally.texts if with_texts else '':>6}"
        f"{cell(tally.agreement):>8}{f'{tally.agreeing}/{tally.labelled}':>8}"
        f"{tally.inversions:>6}"
        f"{cell(tally.negatives_correct):>8}{negatives:>8}"
        f"{cell(tally.anchor_recall):>8}{f'{tally.recalled}/{tally.anchors}':>8}"
    )


def print_part(name: str, part: PartFigures, show_errors: set[str]) -> None:
    """Print one part's figures by language and by criterion."""
    print(f"\n{name}: {len(part.ids)} texts")
    print(
        f"{'slice':<20}{'texts':>6}{'agree':>8}{'':>8}{'inv':>6}"
        f"{'neg':>8}{'negtxt':>8}{'anchors':>8}{'':>8}"
    )
    for language, tally in part.by_language.items():
        print_tally_row(language, tally)
    print(f"{'by criterion':<20}{'':>6}{'':>8}{'':>8}{'':>6}{'':>8}{'neglab':>8}")
    for criterion, tally in part.by_criterion.items():
        print_tally_row(criterion, tally, with_texts=False)
    if name in show_errors:
        for title, lines in (
            ("wrong labels", part.wrong),
            ("inversions", part.inversions),
            ("missed anchors", part.missed_anchors),
        ):
            print(f"  {title} ({len(lines)}):")
            for line in lines:
                print("    " + line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--realtexts", type=Path, default=DEFAULT_REALTEXTS, metavar="DIR")
    parser.add_argument("--rubric", default=DEFAULT_RUBRIC)
    parser.add_argument(
        "--show-errors", action="store_true", help="list the development part's errors"
    )
    parser.add_argument(
        "--show-held-out-errors",
        action="store_true",
        help="list the held-out part's errors too: only when the part is to be moved into "
        "development, since looking at them spends it (see docs/accuracy.md)",
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--write-floor",
        action="store_true",
        help=f"record today's figures as the floor the tests keep ({FLOOR.name})",
    )
    args = parser.parse_args()
    if args.write_floor and args.rubric != DEFAULT_RUBRIC:
        parser.error("--write-floor records the floor for the default rubric, which the tests use")
    if not (args.realtexts / "labels.yaml").is_file():
        print(f"realtexts: skipped, no labels.yaml in {args.realtexts}")
        return
    measurement = measure(args.realtexts, args.rubric)
    if args.write_floor:
        FLOOR.write_text(json.dumps(floor_of(measurement), indent=2) + "\n", encoding="utf-8")
    if args.json:
        print(json.dumps(measurement.as_json(), indent=2))
        return
    print(f"realtexts: {args.realtexts}, rubric {measurement.rubric}")
    rule = f"sorted index i with i % {HELD_OUT_EVERY} == {HELD_OUT_REMAINDER}"
    held = f"none ({rule} was spent {HELD_OUT_SPENT})" if HELD_OUT_SPENT else rule
    print(
        f"held out: {held}. "
        "agree: exact label agreement (negatives excluded); inv: harmful read as aligned "
        "or the reverse; neg: negatives' not_addressed labels right (negtxt: negative texts "
        "entirely right; neglab by criterion); anchors: anchor recall"
    )
    for name in PARTS:
        shown = {"development"} if args.show_errors else set()
        if args.show_held_out_errors:
            shown.add("held-out")
        print_part(name, measurement.parts[name], shown)


if __name__ == "__main__":
    main()
