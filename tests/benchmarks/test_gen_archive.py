"""The batch benchmark's archive generator: reproducible, every format, malformed files that fail.

Small archives only (about 20 calls); no spaCy, so these run in a few seconds.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import subprocess
import sys
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

# benchmarks/ is on the test path (pyproject: pytest pythonpath).
import bench_batch as bench
import gen_archive as gen
import pytest
from conftest import ProcessPair

from analyzer.errors import CallscoreError
from analyzer.ingest import read_bytes

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"

CALLS = 20
SEED = 7


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, dict[str, bytes]]:
    """The manifest and the members (name -> bytes) of one 20-call archive."""
    manifest = gen.generate(tmp_path_factory.mktemp("a"), calls=CALLS, seed=SEED)
    with zipfile.ZipFile(manifest.archive) as zf:
        members = {name: zf.read(name) for name in zf.namelist()}
    return manifest, members


@pytest.fixture(scope="module")
def plans() -> tuple[Any, ...]:
    return tuple(gen.plan_archive(gen.load_pool(), CALLS, SEED))


# --- reproducibility ----------------------------------------------------------------------------


def test_same_seed_gives_the_same_bytes(
    tmp_path: Path, archive: tuple[Any, dict[str, bytes]]
) -> None:
    first, _ = archive
    again = gen.generate(tmp_path, calls=CALLS, seed=SEED)
    assert again.archive.read_bytes() == first.archive.read_bytes()
    manifest_name = f"bench-calls-{CALLS}-seed{SEED}.manifest.json"
    assert (tmp_path / manifest_name).read_bytes() == (
        first.archive.parent / manifest_name
    ).read_bytes()


@pytest.mark.parametrize(("calls", "seed"), [(CALLS, SEED + 1), (CALLS + 1, SEED)])
def test_another_seed_or_size_gives_another_archive(
    tmp_path: Path, archive: tuple[Any, dict[str, bytes]], calls: int, seed: int
) -> None:
    first, _ = archive
    other = gen.generate(tmp_path, calls=calls, seed=seed)
    assert other.archive_sha256 != first.archive_sha256


def test_bytes_do_not_depend_on_the_hash_seed(tmp_path: Path) -> None:
    """The command line, run under two PYTHONHASHSEEDs, writes identical archives."""
    digests = []
    for hash_seed in ("1", "2"):
        out = tmp_path / hash_seed
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        subprocess.run(
            [
                sys.executable,
                str(BENCHMARKS / "gen_archive.py"),
                "--calls",
                "12",
                "--out",
                str(out),
            ],
            check=True,
            env=env,
            capture_output=True,
        )
        digests.append(hashlib.sha256((out / "bench-calls-12-seed7.zip").read_bytes()).hexdigest())
    assert digests[0] == digests[1]


# --- contents -----------------------------------------------------------------------------------

READ_AS = {
    "text": "text",
    "zoom-vtt": "zoom-vtt",
    "teams-vtt": "teams-vtt",
    "srt": "srt",
    "gold-jsonl": "gold-jsonl",
    "whisper": "whisper",
}


def test_every_format_and_malformed_kind_is_generated(
    archive: tuple[Any, dict[str, bytes]],
) -> None:
    manifest, members = archive
    assert set(manifest.formats) == set(gen.FORMATS)
    assert sum(manifest.formats.values()) == CALLS
    kinds = Counter(kind for _, kind in manifest.malformed)
    assert set(kinds) == set(gen.MALFORMED_KINDS)
    assert len(members) == CALLS + sum(kinds.values())


def test_no_two_files_are_identical(archive: tuple[Any, dict[str, bytes]]) -> None:
    """A repeated file would be skipped by the store as already seen, not counted."""
    _, members = archive
    assert len({hashlib.sha256(data).digest() for data in members.values()}) == len(members)


@pytest.mark.parametrize("kind", sorted(READ_AS))
def test_well_formed_files_read_in_their_format_with_every_turn(
    plans: tuple[Any, ...], kind: str
) -> None:
    chosen = [p for p in plans if p.kind == kind]
    assert chosen, f"no {kind} file planned"
    for plan in chosen:
        (transcript,) = read_bytes(gen.render(plan), f"a.zip!{plan.path}")
        assert transcript.format == READ_AS[kind]
        assert len(transcript.turns) == len(plan.turns)
        assert [t.text for t in transcript.turns] == [t.text for t in plan.turns]
        assert transcript.warnings == ()


@pytest.mark.parametrize(
    ("kind", "reason"),
    [
        ("truncated-json", "JSON"),
        ("binary-vtt", "does not look like a text transcript"),
        ("empty", "empty"),
        ("broken-vtt-timing", "no speech found"),
    ],
)
def test_malformed_files_fail_to_read(plans: tuple[Any, ...], kind: str, reason: str) -> None:
    chosen = [p for p in plans if p.kind == kind]
    assert chosen
    for plan in chosen:
        with pytest.raises(CallscoreError, match=reason):
            read_bytes(gen.render(plan), f"a.zip!{plan.path}")


def test_broken_vtt_differs_from_a_good_one_only_in_its_arrows(plans: tuple[Any, ...]) -> None:
    """Near miss: the same call with intact timing lines reads fine."""
    plan = next(p for p in plans if p.kind == "broken-vtt-timing")
    good = gen.render_zoom_vtt(plan, gen.random.Random(plan.seed))
    assert gen.render(plan) == good.replace(b" --> ", b" - ")
    assert len(read_bytes(good, "a.zip!x.vtt")[0].turns) == len(plan.turns)


def test_calls_alternate_sides_with_realistic_lengths_and_times(plans: tuple[Any, ...]) -> None:
    good = [p for p in plans if not p.malformed]
    seconds = turns = 0.0
    for plan in good:
        roles = [t.role for t in plan.turns]
        assert gen.MIN_TURNS <= len(roles) <= gen.MAX_TURNS
        assert roles[0] == "seller"
        assert all(a != b for a, b in itertools.pairwise(roles))
        starts = [t.start for t in plan.turns]
        assert starts == sorted(starts)
        seconds += plan.turns[-1].end
        turns += len(roles)
    assert 6.0 <= seconds / turns <= 8.0  # about 7 s a turn: 250 turns ~ 30 minutes


def test_length_mix_has_a_large_share_of_30_minute_calls() -> None:
    rng = gen.random.Random(SEED)
    lengths = [gen.draw_length(rng) for _ in range(2000)]
    assert min(lengths) >= 30 and max(lengths) <= 300
    near_250 = sum(1 for n in lengths if 225 <= n <= 275) / len(lengths)
    short = sum(1 for n in lengths if n < 100) / len(lengths)
    assert near_250 >= 0.4
    assert short >= 0.1  # near miss: not only long calls


def test_turn_texts_come_from_the_corpus_with_their_roles(plans: tuple[Any, ...]) -> None:
    pool = gen.load_pool()
    known = {(t.role, t.text) for call in pool.calls for t in call}
    for plan in plans:
        for turn in plan.turns:
            assert (turn.role, turn.text) in known


# --- the benchmark's process-tree memory probe ----------------------------------------------------


# The parent starts a grandchild and prints its pid once the grandchild is up (idle, so the
# memory figures hold still while the test reads them).
def test_process_tree_sees_grandchildren_and_sums_their_memory(process_pair: ProcessPair) -> None:
    with process_pair() as (parent, grandchild):
        tree = bench.process_tree(parent)
        assert grandchild in tree and parent in tree
        assert os.getpid() not in tree  # near miss: not the process that started it
        total = bench.tree_rss_bytes(parent)
        assert total >= bench.rss_bytes(parent) + bench.rss_bytes(grandchild) > 0
