"""Property tests: render generated calls to VTT/SRT/plain text and read them back;
and no input, however odd, makes a reader raise anything but a CallscoreError."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analyzer.errors import CallscoreError
from analyzer.ingest import read_bytes
from analyzer.ingest.turns import looks_like_name

TEXT_FORMATS = (
    "gold-jsonl",
    "zoom-vtt",
    "teams-vtt",
    "vtt",
    "srt",
    "otter",
    "google-meet",
    "zoom-chat",
    "text",
)

_word = st.text(alphabet="abcdefghijklmnopqrstuvwxyz\u00e9\u00f1", min_size=2, max_size=9)
names = (
    st.tuples(_word, _word)
    .map(lambda parts: " ".join(p.capitalize() for p in parts))
    .filter(lambda name: looks_like_name(name) and "unknown" not in name.lower())
)
# Tokens chosen to stress escaping and splitting without being ambiguous for a plain-text
# reader: ampersands, angle brackets, clock-like colons, curly quotes, non-ASCII.
_tokens = st.one_of(
    _word,
    st.sampled_from(
        [
            "R&D",
            "&",
            "<",
            ">",
            "->",
            "12:30",
            "it's",
            "\u201cyes\u201d",
            "caf\u00e9",
            "\u2014",
            "50%",
            "$1,200",
            "Q3",
            "e-mail",
            "(maybe)",
        ]
    ),
)
texts = st.lists(_tokens, min_size=1, max_size=12).map(" ".join).map(lambda s: s + ".")


@st.composite
def calls(draw: st.DrawFn) -> list[tuple[str, str]]:
    """A call: 1-12 turns by 1-4 speakers (consecutive turns may share a speaker)."""
    people = draw(st.lists(names, min_size=1, max_size=4, unique=True))
    return draw(st.lists(st.tuples(st.sampled_from(people), texts), min_size=1, max_size=12))


def expected_turns(call: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """What a reader must return: consecutive lines of one speaker merged into one turn."""
    return [
        (speaker, " ".join(text for _, text in group))
        for speaker, group in itertools.groupby(call, key=lambda pair: pair[0])
    ]


def clock(seconds: float, sep: str = ".") -> str:
    hours, rest = divmod(round(seconds * 1000), 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}{sep}{millis:03d}"


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def render_zoom_vtt(call: list[tuple[str, str]]) -> str:
    cues = [
        f"{i + 1}\n{clock(i * 2.5)} --> {clock(i * 2.5 + 2)}\n{speaker}: {escape(text)}\n"
        for i, (speaker, text) in enumerate(call)
    ]
    return "WEBVTT\n\n" + "\n".join(cues)


def render_teams_vtt(call: list[tuple[str, str]]) -> str:
    cues = [
        f"guid-{i}/{i}-0\r\n{clock(i * 2.5)} --> {clock(i * 2.5 + 2)}\r\n"
        f"<v {speaker}>{escape(text)}</v>\r\n"
        for i, (speaker, text) in enumerate(call)
    ]
    return "\ufeffWEBVTT\r\n\r\n" + "\r\n".join(cues)


def render_srt(call: list[tuple[str, str]]) -> str:
    cues = [
        f"{i + 1}\n{clock(i * 2.5, ',')} --> {clock(i * 2.5 + 2, ',')}\n{speaker}: {text}\n"
        for i, (speaker, text) in enumerate(call)
    ]
    return "\n".join(cues).rstrip("\n")  # SRT exports often lack the final newline


def render_text(call: list[tuple[str, str]]) -> str:
    lines = [f"[{clock(i * 2.5)[:8]}] {speaker}: {text}" for i, (speaker, text) in enumerate(call)]
    return "Title: generated call\nDate: 2026-03-02\n\n" + "\n".join(lines) + "\n"


def render_text_bare(call: list[tuple[str, str]]) -> str:
    """No header; the stamp after the name, and CRLF line ends."""
    lines = [f"{speaker} ({clock(i * 2.5)[3:8]}): {text}" for i, (speaker, text) in enumerate(call)]
    return "\r\n".join(lines)


RENDERERS = {
    "zoom-vtt": (render_zoom_vtt, "call.vtt", {"zoom-vtt"}),
    "teams-vtt": (render_teams_vtt, "call.vtt", {"teams-vtt"}),
    "srt": (render_srt, "call.srt", {"srt"}),
    "text": (render_text, "call.txt", {"text"}),
    "text-bare": (render_text_bare, "call.txt", {"text"}),
}


@pytest.mark.parametrize("fmt", sorted(RENDERERS))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(call=calls())
def test_rendered_call_reads_back(fmt: str, call: list[tuple[str, str]]) -> None:
    render, name, formats = RENDERERS[fmt]
    data = render(call).encode("utf-8")
    (transcript,) = read_bytes(data, name)
    assert transcript.format in formats
    assert [(t.speaker, t.text) for t in transcript.turns] == expected_turns(call)
    assert transcript.warnings == ()
    # Each turn starts where the first line of its group started.
    starts = [t.start for t in transcript.turns]
    assert starts == sorted(s for s in starts if s is not None)


@pytest.mark.parametrize("fmt", sorted(RENDERERS))
@settings(max_examples=50, deadline=None)
@given(call=calls())
def test_rendered_call_is_detected_without_an_extension(
    fmt: str, call: list[tuple[str, str]]
) -> None:
    render, _, formats = RENDERERS[fmt]
    (transcript,) = read_bytes(render(call).encode("utf-8"), "<stdin>")
    assert transcript.format in formats
    assert transcript.speakers == tuple(dict.fromkeys(speaker for speaker, _ in call))


def read_or_refuse(data: bytes, name: str, fmt: str | None) -> None:
    try:
        transcripts = read_bytes(data, name, format=fmt)
    except CallscoreError as error:
        assert error.one_line()
        return
    for transcript in transcripts:
        assert transcript.turns
        assert all(turn.text.strip() for turn in transcript.turns)
        assert [turn.index for turn in transcript.turns] == list(range(len(transcript.turns)))


@pytest.mark.parametrize("fmt", [None, *TEXT_FORMATS])
@settings(max_examples=150, deadline=None)
@given(text=st.text(max_size=300))
def test_arbitrary_text_never_crashes_a_reader(fmt: str | None, text: str) -> None:
    read_or_refuse(text.encode("utf-8"), "input.txt", fmt)


@settings(max_examples=150, deadline=None)
@given(data=st.binary(max_size=300), name=st.sampled_from(["a.vtt", "a.srt", "a.txt", "a.jsonl"]))
def test_arbitrary_bytes_never_crash_detection(data: bytes, name: str) -> None:
    read_or_refuse(data, name, None)


# Fragments of real syntax, so generated inputs reach deep into the parsers.
FRAGMENTS = [
    "WEBVTT",
    "\n",
    "\n\n",
    "\r\n",
    " ",
    "\t",
    "-->",
    " --> ",
    "00:00:01.000",
    "0:0:1.5",
    "00:00:02,500",
    "12:30",
    "1",
    "42",
    "guid/1-0",
    "<v Dana Ruiz>",
    "<v.loud Sam>",
    "</v>",
    "<i>",
    "&amp;",
    "&lt;",
    "Dana Ruiz: ",
    "Sam Okafor:",
    "Note: ",
    "**Dana:**",
    "[00:01:02]",
    "(01:02)",
    "NOTE",
    "STYLE",
    "```",
    "# Title",
    "Date: ",
    "2026-03-02",
    "Seller: ",
    "Dana  0:04  ",
    "Unknown Speaker",
    "From Dana to Everyone:",
    'Reacted to "x" with ',
    "Transcript",
    "Attendees",
    "{",
    "}",
    '"turns"',
    '"speaker"',
    '"text"',
    ":",
    "[",
    "]",
    ",",
    "(External)",
    "\u00a0",
    "\ufeff",
    "hello",
    "world.",
]


@pytest.mark.parametrize("fmt", [None, *TEXT_FORMATS])
@settings(max_examples=150, deadline=None)
@given(parts=st.lists(st.sampled_from(FRAGMENTS), max_size=40))
def test_syntax_soup_never_crashes_a_reader(fmt: str | None, parts: list[str]) -> None:
    read_or_refuse("".join(parts).encode("utf-8"), "soup.txt", fmt)
