"""Find every transcript under the paths a batch run is given.

Folders are walked recursively, globs expanded, and ``.zip`` / ``.tar.gz``
archives read in place: members are read into memory one at a time and never
extracted to disk.  Archive members with absolute or ``..`` paths, links and
devices are rejected (zip-slip), and so are archives whose declared or actual
expansion is absurd (decompression bombs).  A rejected item is yielded as a
:class:`SourceProblem` so the run records it and goes on.
"""

from __future__ import annotations

import glob
import os
import tarfile
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

#: File name endings a batch run treats as transcripts (everything else is skipped).
TRANSCRIPT_SUFFIXES = (
    ".txt", ".vtt", ".srt", ".json", ".jsonl", ".csv", ".docx", ".md", ".rttm",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Limits:
    """Safety limits for archives and files."""

    max_member_bytes: int = 50_000_000
    """Largest single transcript (file or archive member)."""

    max_archive_bytes: int = 5_000_000_000
    """Largest total uncompressed size of one archive."""

    max_ratio: float = 200.0
    """Largest uncompressed/compressed ratio of a member or an archive."""

    max_members: int = 1_000_000
    """Most members one archive may list."""


@dataclass(frozen=True, slots=True)
class SourceItem:
    """One transcript's bytes and a display name (``archive.zip!calls/a.vtt`` for members)."""

    name: str
    data: bytes


@dataclass(frozen=True, slots=True)
class SourceProblem:
    """Something under the given paths that cannot be read; recorded, not fatal."""

    name: str
    reason: str


Source = SourceItem | SourceProblem


def _is_transcript(name: str) -> bool:
    base = os.path.basename(name)
    return not base.startswith(".") and base.lower().endswith(TRANSCRIPT_SUFFIXES)


def _unsafe_member(name: str) -> str | None:
    """Why an archive member name is unsafe to use, or ``None`` when it is fine."""
    if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        return "absolute path in archive"
    if ".." in PurePosixPath(name.replace("\\", "/")).parts:
        return "'..' in archive path"
    return None


def _read_file(path: Path, limits: Limits) -> Source:
    try:
        size = path.stat().st_size
        if size > limits.max_member_bytes:
            return SourceProblem(
                str(path),
                f"file is {size} bytes, over the {limits.max_member_bytes}-byte limit "
                "(raise it with --max-bytes)",
            )
        return SourceItem(str(path), path.read_bytes())
    except OSError as exc:
        return SourceProblem(str(path), f"cannot read file: {exc.strerror or exc}")


def _zip_items(path: Path, limits: Limits) -> Iterator[Source]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        yield SourceProblem(str(path), f"not a readable zip archive: {exc}")
        return
    with archive:
        infos = archive.infolist()
        if len(infos) > limits.max_members:
            yield SourceProblem(str(path), f"archive lists {len(infos)} members; refusing")
            return
        declared = sum(i.file_size for i in infos)
        compressed = max(1, sum(i.compress_size for i in infos))
        if declared > limits.max_archive_bytes or declared / compressed > limits.max_ratio:
            yield SourceProblem(
                str(path),
                f"archive would expand to {declared} bytes from {compressed} "
                "(a decompression bomb?); refusing",
            )
            return
        for info in infos:
            if info.is_dir() or not _is_transcript(info.filename):
                continue
            name = f"{path}!{info.filename}"
            problem = _unsafe_member(info.filename)
            if problem:
                yield SourceProblem(name, f"{problem}; member skipped")
                continue
            if info.file_size > limits.max_member_bytes:
                yield SourceProblem(name, f"member is {info.file_size} bytes, over the limit")
                continue
            try:
                with archive.open(info) as handle:
                    # Read one byte past the declared size: a lying header is caught here.
                    data = handle.read(min(info.file_size, limits.max_member_bytes) + 1)
            except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
                yield SourceProblem(name, f"cannot read member: {exc}")
                continue
            if len(data) > info.file_size or len(data) > limits.max_member_bytes:
                yield SourceProblem(name, "member is larger than the archive says; refusing")
                continue
            yield SourceItem(name, data)


def _tar_items(path: Path, limits: Limits) -> Iterator[Source]:
    try:
        archive = tarfile.open(path, mode="r:*")  # noqa: SIM115 - closed by the with below
    except (tarfile.TarError, OSError) as exc:
        yield SourceProblem(str(path), f"not a readable tar archive: {exc}")
        return
    compressed = max(1, path.stat().st_size)
    total = 0
    count = 0
    with archive:
        try:
            for member in archive:
                count += 1
                if count > limits.max_members:
                    yield SourceProblem(str(path), "archive has too many members; stopped")
                    return
                name = f"{path}!{member.name}"
                if member.isdir():
                    continue
                if not member.isfile():
                    if _is_transcript(member.name) or member.issym() or member.islnk():
                        yield SourceProblem(name, "links and devices in archives are not read")
                    continue
                if not _is_transcript(member.name):
                    continue
                problem = _unsafe_member(member.name)
                if problem:
                    yield SourceProblem(name, f"{problem}; member skipped")
                    continue
                total += member.size
                if total > limits.max_archive_bytes or total / compressed > limits.max_ratio:
                    yield SourceProblem(
                        str(path),
                        f"archive expands past {total} bytes from {compressed} "
                        "(a decompression bomb?); stopped",
                    )
                    return
                if member.size > limits.max_member_bytes:
                    yield SourceProblem(name, f"member is {member.size} bytes, over the limit")
                    continue
                handle = archive.extractfile(member)
                if handle is None:
                    yield SourceProblem(name, "member has no content")
                    continue
                yield SourceItem(name, handle.read(limits.max_member_bytes + 1))
        except (tarfile.TarError, OSError, EOFError) as exc:
            yield SourceProblem(str(path), f"archive is damaged: {exc}")


def _expand(path: Path, limits: Limits) -> Iterator[Source]:
    lower = path.name.lower()
    if path.is_dir():
        for root, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for f in sorted(files):
                child = Path(root) / f
                if child.name.lower().endswith((".zip", ".tar.gz", ".tgz", ".tar")):
                    yield from _expand(child, limits)
                elif _is_transcript(f):
                    yield _read_file(child, limits)
    elif lower.endswith(".zip"):
        yield from _zip_items(path, limits)
    elif lower.endswith((".tar.gz", ".tgz", ".tar")):
        yield from _tar_items(path, limits)
    elif path.is_file():
        yield _read_file(path, limits)
    else:
        yield SourceProblem(str(path), "no such file or folder")


def iter_sources(paths: Sequence[str], limits: Limits = Limits()) -> Iterator[Source]:
    """Every transcript (or problem) under ``paths``, in a stable order."""
    for given in paths:
        if glob.has_magic(given):
            matches = sorted(glob.glob(given, recursive=True))
            if not matches:
                yield SourceProblem(given, "pattern matched nothing")
            for match in matches:
                yield from _expand(Path(match), limits)
        else:
            yield from _expand(Path(given), limits)
