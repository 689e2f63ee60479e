"""Finding transcripts in folders, globs and archives, safely."""

from __future__ import annotations

import io
import tarfile
import zipfile
from pathlib import Path

import pytest

from analyzer.batch.sources import Limits, SourceItem, SourceProblem, iter_sources

CALL = b"Dana Ruiz: Hi Sam.\nSam Okafor: Hi Dana.\n"


def names(items: list[SourceItem | SourceProblem]) -> list[str]:
    return [i.name for i in items]


def test_folder_is_walked_recursively_and_non_transcripts_skipped(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.txt").write_bytes(CALL)
    (tmp_path / "two.vtt").write_bytes(b"WEBVTT\n")
    (tmp_path / "picture.png").write_bytes(b"\x89PNG")
    (tmp_path / ".hidden.txt").write_bytes(CALL)
    items = list(iter_sources([str(tmp_path)]))
    # Files of a folder come before its subfolders, each in name order: a stable order.
    assert names(items) == [str(tmp_path / "two.vtt"), str(tmp_path / "a" / "one.txt")]
    assert all(isinstance(i, SourceItem) for i in items)


def test_glob_and_missing_paths(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_bytes(CALL)
    items = list(
        iter_sources([str(tmp_path / "*.txt"), str(tmp_path / "nope.txt"), str(tmp_path / "*.srt")])
    )
    assert isinstance(items[0], SourceItem) and items[0].data == CALL
    assert isinstance(items[1], SourceProblem) and "no such file" in items[1].reason
    assert isinstance(items[2], SourceProblem) and "matched nothing" in items[2].reason


def _zip(path: Path, members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression=method) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def test_zip_members_are_read_in_place(tmp_path: Path) -> None:
    archive = _zip(tmp_path / "calls.zip", {"2026/a.txt": CALL, "notes.pdf": b"%PDF"})
    items = list(iter_sources([str(archive)]))
    assert names(items) == [f"{archive}!2026/a.txt"]
    assert isinstance(items[0], SourceItem) and items[0].data == CALL
    assert sorted(p.name for p in tmp_path.iterdir()) == ["calls.zip"]  # nothing extracted


@pytest.mark.parametrize("bad", ["../evil.txt", "/etc/evil.txt", "a/../../evil.txt"])
def test_zip_slip_members_are_rejected(tmp_path: Path, bad: str) -> None:
    archive = _zip(tmp_path / "slip.zip", {bad: CALL, "ok.txt": CALL})
    items = list(iter_sources([str(archive)]))
    problems = [i for i in items if isinstance(i, SourceProblem)]
    assert (
        len(problems) == 1 and "path in archive" in problems[0].reason
    ) or "archive path" in problems[0].reason
    assert [i.name for i in items if isinstance(i, SourceItem)] == [f"{archive}!ok.txt"]
    assert not (tmp_path.parent / "evil.txt").exists()


def test_zip_bomb_is_refused_whole(tmp_path: Path) -> None:
    archive = _zip(tmp_path / "bomb.zip", {"big.txt": b"a" * 5_000_000})
    items = list(iter_sources([str(archive)], Limits(max_ratio=100)))
    assert len(items) == 1 and isinstance(items[0], SourceProblem)
    assert "decompression bomb" in items[0].reason


def test_zip_member_over_size_limit(tmp_path: Path) -> None:
    archive = _zip(
        tmp_path / "big.zip", {"big.txt": bytes(range(256)) * 400}, method=zipfile.ZIP_STORED
    )
    items = list(iter_sources([str(archive)], Limits(max_member_bytes=1000)))
    assert isinstance(items[0], SourceProblem) and "over the limit" in items[0].reason


def _tar(path: Path, members: dict[str, bytes], links: dict[str, str] | None = None) -> Path:
    with tarfile.open(path, "w:gz") as tf:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
        for name, target in (links or {}).items():
            info = tarfile.TarInfo(name)
            info.type = tarfile.SYMTYPE
            info.linkname = target
            tf.addfile(info)
    return path


def test_tar_gz_members_links_and_traversal(tmp_path: Path) -> None:
    archive = _tar(
        tmp_path / "calls.tar.gz",
        {"ok.txt": CALL, "../up.txt": CALL},
        links={"link.txt": "/etc/passwd"},
    )
    items = list(iter_sources([str(archive)]))
    good = [i for i in items if isinstance(i, SourceItem)]
    bad = {i.name: i.reason for i in items if isinstance(i, SourceProblem)}
    assert [i.name for i in good] == [f"{archive}!ok.txt"]
    assert "archive path" in bad[f"{archive}!../up.txt"]
    assert "links" in bad[f"{archive}!link.txt"]


def test_tar_bomb_stops(tmp_path: Path) -> None:
    archive = _tar(tmp_path / "bomb.tar.gz", {f"f{i}.txt": b"a" * 1_000_000 for i in range(3)})
    items = list(iter_sources([str(archive)], Limits(max_ratio=50)))
    assert any(isinstance(i, SourceProblem) and "bomb" in i.reason for i in items)


def test_damaged_archives_are_problems_not_crashes(tmp_path: Path) -> None:
    (tmp_path / "bad.zip").write_bytes(b"PK\x03\x04 not really")
    (tmp_path / "bad.tar.gz").write_bytes(b"\x1f\x8b garbage")
    items = list(iter_sources([str(tmp_path / "bad.zip"), str(tmp_path / "bad.tar.gz")]))
    assert [type(i) for i in items] == [SourceProblem, SourceProblem]
