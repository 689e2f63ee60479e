"""Generate a reproducible archive of sales calls for the batch benchmark (issue 5).

    python benchmarks/gen_archive.py --calls 1000 --seed 7 --out DIR [--folder]

writes ``DIR/bench-calls-1000-seed7.zip`` and ``DIR/bench-calls-1000-seed7.manifest.json``
(and, with ``--folder``, the same files unpacked under ``DIR/bench-calls-1000-seed7/``).

Every call is stitched from whole turns of the labelled corpus
(``samples/gold/raw/*.jsonl``, calls only: ids containing ``-c``), each turn
keeping its role, so the texts are real sales talk and the sides alternate
seller, prospect, seller...  Calls run 30-300 turns; a large share sits near
250 turns, the 30-minute call the README's throughput target is quoted for.
Times average about 7 s per turn (speech in proportion to the words, plus a
short pause), so 250 turns last about half an hour.

Calls are written in six formats the analyzer reads: plain text with the
header convention, Zoom VTT (``Name: text`` cues), Teams VTT (``<v Name>``
cues with ``GUID/N-M`` ids), SRT with ``Name:`` prefixes, the gold JSONL and
WhisperX-style JSON (``segments[].speaker``).  About 2 % extra files are
malformed (truncated JSON, binary junk named ``.vtt``, an empty file, a VTT
whose timing lines lost their ``-->``) so the benchmark also shows that a
batch run records them as failures and goes on.  ``--calls`` counts the
well-formed calls; the malformed files come on top.

Reproducible: one seeded :class:`random.Random` plans everything, each file
is rendered from its own derived seed, the zip entries carry a fixed date and
mode, and nothing depends on the clock, the environment or hash order, so the
same seed and corpus give the same bytes.  The manifest records what was
generated (counts per format, expected turns, the malformed files) so the
benchmark can check that the store holds exactly what it should.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import html
import json
import random
import sys
import uuid
import zipfile
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT / "samples" / "gold" / "raw"

Side = Literal["seller", "prospect"]

#: Well-formed formats, with the share of calls written in each.
FORMAT_WEIGHTS: dict[str, float] = {
    "text": 0.22,
    "zoom-vtt": 0.22,
    "teams-vtt": 0.18,
    "srt": 0.12,
    "gold-jsonl": 0.10,
    "whisper": 0.16,
}
FORMATS: tuple[str, ...] = tuple(FORMAT_WEIGHTS)

#: Kinds of malformed file; each appears at least once whenever any is generated.
MALFORMED_KINDS: tuple[str, ...] = ("truncated-json", "binary-vtt", "empty", "broken-vtt-timing")

EXTENSIONS: dict[str, str] = {
    "text": ".txt",
    "zoom-vtt": ".transcript.vtt",
    "teams-vtt": ".vtt",
    "srt": ".srt",
    "gold-jsonl": ".jsonl",
    "whisper": ".json",
    "truncated-json": ".json",
    "binary-vtt": ".vtt",
    "empty": ".txt",
    "broken-vtt-timing": ".vtt",
}

MIN_TURNS, MAX_TURNS = 30, 300
#: Average seconds from one turn's start to the next (250 turns ~ 30 minutes).
SECONDS_PER_TURN = 7.0
_MEAN_PAUSE = 0.9
#: Zip entries get this timestamp, not the clock's, so the archive bytes repeat.
_ZIP_DATE = (2026, 1, 1, 0, 0, 0)
_FIRST_DATE = dt.date(2026, 1, 5)

_FIRST_NAMES = (
    "Dana", "Sam", "Priya", "Darren", "Lena", "Marcus", "Aiko", "Tomas", "Grace", "Oluwaseun",
    "Hannah", "Rafael", "Mei", "Jonas", "Fatima", "Colin", "Ines", "Viktor", "Nadia", "Ethan",
    "Sofia", "Kwame", "Elif", "Patrick", "Yara", "Diego", "Ruth", "Anil", "Chloe", "Bogdan",
)  # fmt: skip
_LAST_NAMES = (
    "Ruiz", "Okafor", "Nair", "Kowalczyk", "Fischer", "Bell", "Tanaka", "Novak", "Adeyemi", "Lund",
    "Moreau", "Castillo", "Chen", "Berg", "Haddad", "Walsh", "Pereira", "Ivanov", "Rahman", "Cole",
    "Rossi", "Mensah", "Yilmaz", "Byrne", "Saleh", "Ortega", "Klein", "Mehta", "Dubois", "Popescu",
)  # fmt: skip
_PROSPECT_COMPANIES = (
    "Acme Freight", "Northwind Dental", "Bluebird Insurance", "Granite Manufacturing",
    "Harbor Property Group", "Summit Payroll", "Cedar Logistics", "Orchid Clinics",
    "Ironclad Security", "Maple Schools", "Atlas Warehousing", "Riverbend Foods",
    "Pioneer Fleet", "Lumen Marketing", "Keystone Legal", "Evergreen Solar",
)  # fmt: skip
_VENDORS = (
    "Haulbase", "Ledgerly", "Brightdesk", "Fleetwise", "Shieldpoint", "Paywell", "Stackline",
    "Quotient", "Signalhub", "Crewmate",
)  # fmt: skip
_CALL_TYPES = ("discovery", "demo", "follow-up", "negotiation", "proposal review")


# --- the turn pool -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PoolTurn:
    """One labelled turn of the corpus: its side, source speaker, text and gold labels."""

    role: Side
    speaker: str
    text: str
    labels: tuple[str, ...] | None


@dataclass(frozen=True, slots=True)
class TurnPool:
    """The corpus calls turns are drawn from, and a digest of the corpus files read."""

    calls: tuple[tuple[PoolTurn, ...], ...]
    digest: str

    @property
    def mean_words(self) -> float:
        """Average words per turn over the whole pool."""
        words = [len(turn.text.split()) for call in self.calls for turn in call]
        return sum(words) / max(1, len(words))


def _pool_turn(raw: dict[str, Any]) -> PoolTurn | None:
    role, text = raw.get("role"), " ".join(str(raw.get("text", "")).split())
    # A "-->" would read as a cue timing in VTT/SRT; such a turn is not worth the escaping.
    if role not in ("seller", "prospect") or not text or "-->" in text:
        return None
    labels = raw.get("labels")
    return PoolTurn(
        role,
        " ".join(str(raw.get("speaker", "")).split()),
        text,
        tuple(labels) if isinstance(labels, list) else None,
    )


def load_pool(corpus: Path = DEFAULT_CORPUS) -> TurnPool:
    """Read the labelled calls (ids containing ``-c``) of every ``*.jsonl`` under ``corpus``.

    Files are read in sorted order and the digest covers their bytes, so the
    manifest says exactly which corpus an archive came from.

    Raises:
        SystemExit: the corpus has no usable calls (a message names the folder).
    """
    digest = hashlib.sha256()
    calls: list[tuple[PoolTurn, ...]] = []
    for path in sorted(corpus.glob("*.jsonl")):
        data = path.read_bytes()
        digest.update(path.name.encode() + b"\0" + data)
        for line in data.decode("utf-8").splitlines():
            if not line.strip():
                continue
            record = json.loads(line)
            if "-c" not in str(record.get("id", "")):
                continue
            turns = tuple(t for t in map(_pool_turn, record.get("turns", [])) if t is not None)
            if turns:
                calls.append(turns)
    roles = {turn.role for call in calls for turn in call}
    if roles != {"seller", "prospect"}:
        raise SystemExit(
            f"{corpus}: no labelled calls with both seller and prospect turns "
            "(expected samples/gold/raw/*.jsonl with call ids containing '-c')"
        )
    return TurnPool(tuple(calls), digest.hexdigest())


# --- planning ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GenTurn:
    """One turn of a generated call, with its times in seconds from the start."""

    speaker: str
    role: Side
    text: str
    start: float
    end: float
    labels: tuple[str, ...] | None


@dataclass(frozen=True, slots=True)
class PlannedFile:
    """One file of the archive: where it goes, what it is, and the call it renders.

    ``kind`` is a format of :data:`FORMATS` or a malformed kind of
    :data:`MALFORMED_KINDS`; ``seed`` drives the file's own rendering choices;
    ``variant`` numbers the files of one malformed kind (so no two are identical,
    which the store would otherwise skip as already seen).
    """

    path: str
    kind: str
    call_id: str
    date: dt.date
    title: str
    seller: str
    prospects: tuple[str, ...]
    turns: tuple[GenTurn, ...]
    seed: int
    variant: int = 0

    @property
    def malformed(self) -> bool:
        """Whether the batch run must record this file as a failure."""
        return self.kind in MALFORMED_KINDS


def draw_length(rng: random.Random) -> int:
    """Turns in one call: ~45 % near 250 (30-minute calls), the rest spread over 30-300."""
    roll = rng.random()
    if roll < 0.45:
        turns = round(rng.gauss(250, 10))
    elif roll < 0.80:
        turns = rng.randint(MIN_TURNS, 150)
    else:
        turns = rng.randint(150, MAX_TURNS)
    return min(MAX_TURNS, max(MIN_TURNS, turns))


def stitch(
    rng: random.Random, pool: TurnPool, count: int, seller: str, prospects: Sequence[str]
) -> list[tuple[PoolTurn, str]]:
    """``count`` corpus turns with the speaker each is given, alternating seller and prospect.

    Runs of consecutive turns are copied from random corpus calls (so answers
    mostly follow their questions); a turn on the same side as the one before
    is skipped, so no two neighbouring turns share a speaker and none merge.
    The seller speaks first.
    """
    out: list[tuple[PoolTurn, str]] = []
    last: Side = "prospect"
    while len(out) < count:
        source = pool.calls[rng.randrange(len(pool.calls))]
        start = rng.randrange(len(source))
        # One corpus prospect stays one of our prospects within a run.
        cast_of: dict[str, str] = {}
        offset = rng.randrange(len(prospects))
        for turn in source[start : start + rng.randint(4, 24)]:
            if turn.role == last:
                continue
            if turn.role == "seller":
                speaker = seller
            else:
                speaker = cast_of.setdefault(
                    turn.speaker, prospects[(offset + len(cast_of)) % len(prospects)]
                )
            out.append((turn, speaker))
            last = turn.role
            if len(out) == count:
                break
    return out


def _timed(
    rng: random.Random, turns: Sequence[tuple[PoolTurn, str]], seconds_per_word: float
) -> tuple[GenTurn, ...]:
    clock = rng.uniform(0.5, 3.0)
    out = []
    for turn, speaker in turns:
        speech = max(0.8, len(turn.text.split()) * seconds_per_word * rng.uniform(0.85, 1.15))
        start, end = round(clock, 3), round(clock + speech, 3)
        out.append(GenTurn(speaker, turn.role, turn.text, start, end, turn.labels))
        clock = end + rng.uniform(0.2, 2 * _MEAN_PAUSE - 0.2)
    return tuple(out)


def _names(rng: random.Random, count: int) -> list[str]:
    names: list[str] = []
    while len(names) < count:
        name = f"{rng.choice(_FIRST_NAMES)} {rng.choice(_LAST_NAMES)}"
        # Distinct first names too: a shared first name would blur the sides for the reader.
        if all(name.split()[0] != other.split()[0] for other in names):
            names.append(name)
    return names


def _slug(text: str) -> str:
    return "-".join("".join(ch if ch.isalnum() else " " for ch in text.lower()).split())


def _kinds(rng: random.Random, calls: int, malformed_share: float) -> list[str]:
    """Every file's kind, shuffled: each format at least once, then by weight."""
    good = list(FORMATS[:calls])
    good += rng.choices(FORMATS, weights=list(FORMAT_WEIGHTS.values()), k=calls - len(good))
    bad_count = max(len(MALFORMED_KINDS), round(calls * malformed_share)) if malformed_share else 0
    bad = [MALFORMED_KINDS[i % len(MALFORMED_KINDS)] for i in range(bad_count)]
    kinds = good + bad
    rng.shuffle(kinds)
    return kinds


def plan_archive(
    pool: TurnPool, calls: int, seed: int, malformed_share: float = 0.02
) -> tuple[PlannedFile, ...]:
    """Plan every file of an archive of ``calls`` well-formed calls plus the malformed ones.

    Pure: the same pool, ``calls``, ``seed`` and share always give the same plan.
    """
    if calls < 1:
        raise ValueError("calls must be at least 1")
    rng = random.Random(seed)
    seconds_per_word = (SECONDS_PER_TURN - _MEAN_PAUSE) / pool.mean_words
    seen: Counter[str] = Counter()
    files = []
    for index, kind in enumerate(_kinds(rng, calls, malformed_share), start=1):
        names = _names(rng, 3 if rng.random() < 0.3 else 2)
        seller, prospects = names[0], tuple(names[1:])
        company, vendor = rng.choice(_PROSPECT_COMPANIES), rng.choice(_VENDORS)
        date = _FIRST_DATE + dt.timedelta(days=rng.randrange(170))
        stitched = stitch(rng, pool, draw_length(rng), seller, prospects)
        files.append(
            PlannedFile(
                path=f"calls/{date:%Y-%m}/{_slug(company)}-{date.isoformat()}-{index:04d}"
                + EXTENSIONS[kind],
                kind=kind,
                call_id=f"bench-{seed}-{index:04d}",
                date=date,
                title=f"{company} / {vendor} {rng.choice(_CALL_TYPES)}",
                seller=seller,
                prospects=prospects,
                turns=_timed(rng, stitched, seconds_per_word),
                seed=rng.getrandbits(64),
                variant=seen[kind],
            )
        )
        seen[kind] += 1
    return tuple(files)


# --- rendering -----------------------------------------------------------------------------------


def _clock(seconds: float, sep: str = ".") -> str:
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}{sep}{millis:03d}"


def _chunks(rng: random.Random, turn: GenTurn) -> list[tuple[str, float, float]]:
    """A turn cut into caption-sized cues (as Zoom, Teams and Whisper do), times shared out."""
    words = turn.text.split()
    size = rng.randint(14, 30)
    pieces = [" ".join(words[i : i + size]) for i in range(0, len(words), size)]
    step = (turn.end - turn.start) / len(pieces)
    return [
        (piece, round(turn.start + i * step, 3), round(turn.start + (i + 1) * step, 3))
        for i, piece in enumerate(pieces)
    ]


def render_text(plan: PlannedFile, rng: random.Random) -> bytes:
    """Plain text with the header convention; half the files stamp each turn ``[hh:mm:ss]``."""
    lines = [f"Title: {plan.title}", f"Date: {plan.date.isoformat()}"]
    if rng.random() < 0.6:
        lines += [f"Seller: {plan.seller}", f"Prospect: {', '.join(plan.prospects)}"]
    lines.append("")
    stamped = rng.random() < 0.5
    for turn in plan.turns:
        stamp = f"[{_clock(turn.start)[:8]}] " if stamped else ""
        lines.append(f"{stamp}{turn.speaker}: {turn.text}")
    return ("\n".join(lines) + "\n").encode()


def _numbered_cues(plan: PlannedFile, rng: random.Random, decimal: str) -> list[str]:
    """Numbered cues with ``Name: text`` payloads (Zoom VTT and SRT differ only in ``decimal``)."""
    out = []
    number = 0
    for turn in plan.turns:
        for text, start, end in _chunks(rng, turn):
            number += 1
            out += [
                str(number),
                f"{_clock(start, decimal)} --> {_clock(end, decimal)}",
                f"{turn.speaker}: {html.escape(text, quote=False)}",
                "",
            ]
    return out


def render_zoom_vtt(plan: PlannedFile, rng: random.Random) -> bytes:
    """A Zoom cloud-recording transcript: numbered cues, ``Name: text`` payloads."""
    return ("\n".join(["WEBVTT", "", *_numbered_cues(plan, rng, ".")]) + "\n").encode()


def render_teams_vtt(plan: PlannedFile, rng: random.Random) -> bytes:
    """A Teams transcript: ``GUID/N-M`` cue ids, ``<v Name>`` spans, guests tagged (External)."""
    guid = uuid.UUID(int=rng.getrandbits(128), version=4)
    external = rng.random() < 0.5
    out = ["WEBVTT", ""]
    for number, turn in enumerate(plan.turns, start=rng.randint(1, 40)):
        name = turn.speaker
        if external and turn.role == "prospect":
            name += " (External)"
        for part, (text, start, end) in enumerate(_chunks(rng, turn)):
            out += [
                f"{guid}/{number}-{part}",
                f"{_clock(start)} --> {_clock(end)}",
                f"<v {name}>{html.escape(text, quote=False)}</v>",
                "",
            ]
    return ("\n".join(out) + "\n").encode()


def render_srt(plan: PlannedFile, rng: random.Random) -> bytes:
    """SubRip with ``Name:`` prefixes and comma milliseconds."""
    return ("\n".join(_numbered_cues(plan, rng, ",")) + "\n").encode()


def render_gold_jsonl(plan: PlannedFile, rng: random.Random) -> bytes:
    """One labelled call (``gold-format.md``) on one line; turns keep their corpus labels."""
    turns = []
    for turn in plan.turns:
        record: dict[str, Any] = {
            "speaker": turn.speaker,
            "role": turn.role,
            "text": turn.text,
            "start": turn.start,
            "end": turn.end,
        }
        if turn.labels is not None:
            record["labels"] = list(turn.labels)
        turns.append(record)
    call = {"id": plan.call_id, "date": plan.date.isoformat(), "title": plan.title, "turns": turns}
    return (json.dumps(call, ensure_ascii=False) + "\n").encode()


def render_whisper(plan: PlannedFile, rng: random.Random) -> bytes:
    """WhisperX JSON (diarized): ``segments`` with ``SPEAKER_NN`` labels, seconds as floats."""
    speakers = [plan.seller, *plan.prospects]
    rng.shuffle(speakers)  # the diarizer numbers speakers as it meets them, not by side
    label = {name: f"SPEAKER_{i:02d}" for i, name in enumerate(speakers)}
    segments: list[dict[str, Any]] = []
    for turn in plan.turns:
        for text, start, end in _chunks(rng, turn):
            segments.append(
                {
                    "id": len(segments),
                    "start": start,
                    "end": end,
                    "text": " " + text,
                    "speaker": label[turn.speaker],
                }
            )
    document = {
        "text": "".join(str(s["text"]) for s in segments),
        "segments": segments,
        "language": "en",
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode()


def render_truncated_json(plan: PlannedFile, rng: random.Random) -> bytes:
    """A Whisper JSON cut off part-way, as an interrupted download leaves it."""
    text = render_whisper(plan, rng).decode()
    return text[: int(len(text) * rng.uniform(0.3, 0.9))].encode()


def render_binary_vtt(plan: PlannedFile, rng: random.Random) -> bytes:
    """A recording (WebM magic number, then noise) saved under a ``.vtt`` name."""
    return b"\x1a\x45\xdf\xa3\x00" + rng.randbytes(rng.randint(2_000, 20_000))


def render_empty(plan: PlannedFile, rng: random.Random) -> bytes:
    """An empty export: no bytes at all, or (later variants) only blank lines."""
    return b"\r\n" * plan.variant


def render_broken_vtt_timing(plan: PlannedFile, rng: random.Random) -> bytes:
    """A Zoom VTT whose timing lines lost their ``-->`` (a bad converter), so no cue is found."""
    return render_zoom_vtt(plan, rng).replace(b" --> ", b" - ")


RENDERERS: dict[str, Callable[[PlannedFile, random.Random], bytes]] = {
    "text": render_text,
    "zoom-vtt": render_zoom_vtt,
    "teams-vtt": render_teams_vtt,
    "srt": render_srt,
    "gold-jsonl": render_gold_jsonl,
    "whisper": render_whisper,
    "truncated-json": render_truncated_json,
    "binary-vtt": render_binary_vtt,
    "empty": render_empty,
    "broken-vtt-timing": render_broken_vtt_timing,
}


def render(plan: PlannedFile) -> bytes:
    """The file's bytes; depends only on the plan (its own seed drives every choice)."""
    return RENDERERS[plan.kind](plan, random.Random(plan.seed))


# --- writing -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Manifest:
    """What an archive holds: what the benchmark expects the store to end up with."""

    archive: Path
    seed: int
    calls: int
    turns: int
    files: int
    formats: dict[str, int]
    malformed: tuple[tuple[str, str], ...]
    lengths: dict[str, int]
    corpus_sha256: str
    archive_sha256: str

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (paths relative to the archive's folder)."""
        return {
            "archive": self.archive.name,
            "seed": self.seed,
            "calls": self.calls,
            "turns": self.turns,
            "files": self.files,
            "formats": self.formats,
            "malformed": [{"path": path, "kind": kind} for path, kind in self.malformed],
            "lengths": self.lengths,
            "corpus_sha256": self.corpus_sha256,
            "archive_sha256": self.archive_sha256,
        }


def _length_band(turns: int) -> str:
    for low, high in ((30, 99), (100, 199), (200, 239), (240, 260), (261, 300)):
        if low <= turns <= high:
            return f"{low}-{high}"
    return "other"


def write_zip(path: Path, members: Sequence[tuple[str, bytes]]) -> None:
    """Write ``members`` into a zip whose bytes depend only on the members."""
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data, compresslevel=6)


def generate(
    out: Path,
    *,
    calls: int,
    seed: int,
    corpus: Path = DEFAULT_CORPUS,
    malformed_share: float = 0.02,
    folder: bool = False,
) -> Manifest:
    """Generate the archive (and its manifest, and optionally a folder copy) under ``out``."""
    pool = load_pool(corpus)
    plans = plan_archive(pool, calls, seed, malformed_share)
    stem = f"bench-calls-{calls}-seed{seed}"
    members = [(f"{stem}/{plan.path}", render(plan)) for plan in plans]
    out.mkdir(parents=True, exist_ok=True)
    archive = out / f"{stem}.zip"
    write_zip(archive, members)
    if folder:
        for name, data in members:
            target = out / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    good = [plan for plan in plans if not plan.malformed]
    manifest = Manifest(
        archive=archive,
        seed=seed,
        calls=len(good),
        turns=sum(len(plan.turns) for plan in good),
        files=len(plans),
        formats=dict(sorted(Counter(plan.kind for plan in good).items())),
        malformed=tuple((f"{stem}/{p.path}", p.kind) for p in plans if p.malformed),
        lengths=dict(sorted(Counter(_length_band(len(p.turns)) for p in good).items())),
        corpus_sha256=pool.digest,
        archive_sha256=hashlib.sha256(archive.read_bytes()).hexdigest(),
    )
    (out / f"{stem}.manifest.json").write_text(
        json.dumps(manifest.to_json(), indent=2) + "\n", encoding="utf-8"
    )
    return manifest


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: generate an archive and print where it is and what it holds."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=1000, help="well-formed calls (default 1000)")
    parser.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    parser.add_argument("--out", type=Path, required=True, help="folder to write into")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="labelled corpus")
    parser.add_argument(
        "--malformed-share", type=float, default=0.02, help="extra malformed files per call"
    )
    parser.add_argument("--folder", action="store_true", help="also write the files unpacked")
    args = parser.parse_args(argv)
    if args.calls < 1 or not 0.0 <= args.malformed_share <= 1.0:
        parser.error("--calls must be >= 1 and --malformed-share between 0 and 1")
    manifest = generate(
        args.out,
        calls=args.calls,
        seed=args.seed,
        corpus=args.corpus,
        malformed_share=args.malformed_share,
        folder=args.folder,
    )
    formats = ", ".join(f"{name} {count}" for name, count in manifest.formats.items())
    print(
        f"{manifest.archive}: {manifest.calls} calls ({manifest.turns} turns; {formats}) "
        f"+ {len(manifest.malformed)} malformed files; sha256 {manifest.archive_sha256[:16]}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
