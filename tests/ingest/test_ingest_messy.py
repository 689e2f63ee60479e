"""Messy-reality fixtures: each is read with a warning, or refused with a one-line error."""

from __future__ import annotations

from pathlib import Path

import pytest

from analyzer.errors import InputError, ParseError
from analyzer.ingest import read_bytes, read_path
from analyzer.model import RoleHint

FIXTURES = Path(__file__).parent / "fixtures"

# (fixture, format, [(speaker, text)], expected warning fragments)
READABLE = [
    (
        "bom_zoom.vtt",
        "zoom-vtt",
        [("Dana Ruiz", "Thanks for joining today."), ("Sam Okafor", "Happy to be here.")],
        [],
    ),
    (
        "teams_utf16.vtt",
        "teams-vtt",
        [
            ("Dana Ruiz", "Let me walk you through the pricing."),
            ("Sam Okafor", "Sounds good, Dana."),
        ],
        [],
    ),
    (
        "crlf_header.txt",
        "text",
        [
            ("Dana Ruiz", "Thanks for making time."),
            ("Sam Okafor", "Sure. We have twenty minutes."),
            ("Dana Ruiz", "Great, let's start."),
        ],
        [],
    ),
    (
        "entities_teams.vtt",
        "teams-vtt",
        [
            ("Dana Ruiz", "R&D budget is <b>fine</b>, second line and the third part"),
            ("Sam Okafor", "Yes."),
            ("Lee Park", "No!"),
        ],
        [],
    ),
    (
        "no_speaker_cue.vtt",
        "zoom-vtt",
        [
            ("Dana Ruiz", "Can you hear me?"),
            ("unknown", "Hmm."),
            ("Sam Okafor", "Yes, loud and clear."),
        ],
        ["line 9: cue has no speaker"],
    ),
    (
        "renamed_speaker.txt",
        "text",
        [
            ("Dana Ruiz", "Welcome, everyone."),
            ("Sam Okafor", "Thanks."),
            ("Dana R. (Acme)", "Sorry, my name changed when I rejoined."),
            ("Sam Okafor", "No problem."),
            ("Dana R. (Acme)", "Let's continue."),
        ],
        [],
    ),
    (
        "overlap.vtt",
        "zoom-vtt",
        [
            ("Dana Ruiz", "So the plan is to start in May"),
            ("Sam Okafor", "Sorry, go ahead."),
            ("Dana Ruiz", "and finish by June."),
        ],
        [],
    ),
    (
        "out_of_order.srt",
        "srt",
        [
            ("Dana Ruiz", "First in the file."),
            ("Sam Okafor", "But earlier in time."),
            ("Dana Ruiz", "Back in order."),
        ],
        ["line 7: cue starts at 0:00:05.000, before the previous cue"],
    ),
]


@pytest.mark.parametrize(
    ("name", "fmt", "turns", "warnings"), READABLE, ids=[r[0] for r in READABLE]
)
def test_messy_file_is_read(
    name: str, fmt: str, turns: list[tuple[str, str]], warnings: list[str]
) -> None:
    (transcript,) = read_path(FIXTURES / name)
    assert transcript.format == fmt
    assert [(t.speaker, t.text) for t in transcript.turns] == turns
    assert len(transcript.warnings) == len(warnings)
    for got, fragment in zip(transcript.warnings, warnings, strict=True):
        assert got.startswith(fragment)


@pytest.mark.parametrize(
    "name", [r[0] for r in READABLE if r[3]], ids=[r[0] for r in READABLE if r[3]]
)
def test_strict_turns_the_first_warning_into_an_error_with_file_and_line(name: str) -> None:
    with pytest.raises(ParseError) as info:
        read_path(FIXTURES / name, strict=True)
    assert info.value.path.endswith(name)
    assert info.value.line is not None
    assert info.value.one_line().startswith(f"{FIXTURES / name}:{info.value.line}: ")


@pytest.mark.parametrize("name", [r[0] for r in READABLE if not r[3]])
def test_strict_accepts_clean_files(name: str) -> None:
    assert read_path(FIXTURES / name, strict=True)


def test_external_suffix_is_stripped_and_becomes_a_weak_prospect_hint() -> None:
    (transcript,) = read_path(FIXTURES / "teams_utf16.vtt")
    assert "Sam Okafor (External)" not in transcript.speakers
    assert transcript.role_hints == (
        RoleHint("Sam Okafor", "prospect", "name suffix (External)", 30),
    )


def test_times_survive_utf16_and_crlf() -> None:
    (transcript,) = read_path(FIXTURES / "teams_utf16.vtt")
    assert [(t.start, t.end) for t in transcript.turns] == [(1.2, 4.8), (5.0, 8.0)]


@pytest.mark.parametrize(
    ("name", "error", "fragments"),
    [
        ("empty.vtt", ParseError, ["the file is empty", "export the transcript again"]),
        ("header_only.vtt", ParseError, ["no speech found", "not just a header"]),
        ("truncated.jsonl", ParseError, [":2: not valid JSON", "truncated"]),
        ("binary.vtt", ParseError, ["does not look like a text transcript", "binary"]),
    ],
)
def test_broken_file_is_a_one_line_error_with_a_fix(
    name: str, error: type[Exception], fragments: list[str]
) -> None:
    with pytest.raises(error) as info:
        read_path(FIXTURES / name)
    assert isinstance(info.value, ParseError)
    message = info.value.one_line()
    assert message.startswith(str(FIXTURES / name))
    assert "\n" not in message
    assert info.value.fix
    for fragment in fragments:
        assert fragment in message


def test_over_limit_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.vtt"
    path.write_bytes(b"WEBVTT\n\n" + b"00:00:00.000 --> 00:00:01.000\nDana: hi\n\n" * 100)
    size = path.stat().st_size
    with pytest.raises(InputError) as info:
        read_path(path, max_bytes=size - 1)
    message = info.value.one_line()
    assert f"{size - 1:,}-byte limit" in message
    assert "--max-bytes" in message
    assert not isinstance(info.value, ParseError)
    # At the limit exactly, it reads.
    assert read_path(path, max_bytes=size)


def test_over_limit_bytes_are_refused() -> None:
    with pytest.raises(InputError, match="over the 10-byte limit"):
        read_bytes(b"Dana: hello there", "<stdin>", max_bytes=10)


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"", "the file is empty"),
        (b" \n\r\n\t", "the file is empty"),
        (b"\xef\xbb\xbf\n", "the file is empty"),
        (b"\xff\xfe\n\x00 \x00", "the file is empty"),
        (b"WEBVTT\n\nNOTE nothing here\n", "no speech found"),
        (b"\x00\x01\x02\x03binary", "does not look like a text transcript"),
        (b"lorem ipsum dolor sit amet", "could not tell which transcript format"),
    ],
)
def test_unreadable_bytes(data: bytes, fragment: str) -> None:
    with pytest.raises(ParseError, match=fragment):
        read_bytes(data, "in.dat")


def test_unknown_format_lists_the_choices() -> None:
    with pytest.raises(ParseError) as info:
        read_bytes(b"lorem ipsum dolor sit amet", "notes.dat")
    assert "--format" in info.value.one_line()
    assert "zoom-vtt" in info.value.one_line()


def test_missing_file_and_folder_are_input_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_path(tmp_path / "nope.vtt")
    with pytest.raises(InputError, match="is a folder"):
        read_path(tmp_path)
