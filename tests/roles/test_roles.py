"""Seller/prospect attribution: every source, its precedence, and the heuristic."""

from __future__ import annotations

import pytest

from analyzer.model import RoleHint, Transcript, Turn
from analyzer.roles import RoleOptions, assign_roles, attribute


def call(*turns: tuple[str, str], hints: tuple[RoleHint, ...] = ()) -> Transcript:
    return Transcript(
        source="t.txt",
        format="text",
        turns=tuple(Turn(i, speaker, text) for i, (speaker, text) in enumerate(turns)),
        role_hints=hints,
    )


DISCOVERY = call(
    ("Dana Ruiz", "Hi Sam, this is Dana from Freightly, thanks for making time."),
    ("Sam Okafor", "Sure. We're currently using spreadsheets for dispatch, honestly."),
    ("Dana Ruiz", "Got it. What's your timeline for fixing that, and who else is involved?"),
    ("Sam Okafor", "Q3 maybe. How much does it cost per truck?"),
    ("Dana Ruiz", "Our pricing is per seat. Let me show you the dispatch board."),
)


def roles_of(t: Transcript, options: RoleOptions = RoleOptions()) -> dict[str, tuple[str, str]]:
    return {r.speaker: (r.role, r.source) for r in attribute(t, options)}


def test_heuristic_finds_the_seller_and_explains_why() -> None:
    roles = {r.speaker: r for r in attribute(DISCOVERY)}
    assert roles["Dana Ruiz"].role == "seller"
    assert roles["Sam Okafor"].role == "prospect"
    assert roles["Dana Ruiz"].source.startswith("heuristic")
    assert any("company" in reason for reason in roles["Dana Ruiz"].reasons)
    assert any("budget or timeline" in reason for reason in roles["Dana Ruiz"].reasons)


def test_heuristic_without_cues_is_low_confidence() -> None:
    t = call(("A", "Hello."), ("B", "Hi there."), ("A", "Nice weather."))
    roles = attribute(t)
    assert {r.source for r in roles} == {"heuristic (low confidence)"}
    assert all(r.confidence < 0.5 for r in roles)


def test_cli_seller_beats_heuristic_and_elimination_sets_the_rest() -> None:
    got = roles_of(DISCOVERY, RoleOptions(sellers=("Sam",)))
    assert got["Sam Okafor"] == ("seller", "--seller")
    # Dana's words sound strongly like selling, so elimination does not override them.
    assert got["Dana Ruiz"][0] == "seller"


def test_elimination_when_only_sellers_are_named() -> None:
    t = call(("Ann", "Hello."), ("Bob", "Hi."), ("Ann", "Shall we start?"))
    got = roles_of(t, RoleOptions(sellers=("Ann",)))
    assert got == {"Ann": ("seller", "--seller"), "Bob": ("prospect", "elimination")}


@pytest.mark.parametrize(
    ("hints", "expected"),
    [
        ((RoleHint("Dana Ruiz", "prospect", "gold role", 95),), ("prospect", "gold role")),
        (
            (
                RoleHint("Dana Ruiz", "prospect", "name suffix (External)", 30),
                RoleHint("Dana Ruiz", "seller", "Gong affiliation", 80),
            ),
            ("seller", "Gong affiliation"),
        ),
    ],
)
def test_strongest_hint_wins(hints: tuple[RoleHint, ...], expected: tuple[str, str]) -> None:
    t = call(*((s, x) for s, x in ((t.speaker, t.text) for t in DISCOVERY.turns)), hints=hints)
    assert roles_of(t)["Dana Ruiz"] == expected


def test_cli_seller_outranks_input_hints() -> None:
    t = call(("Ann", "Hi"), ("Bob", "Hi"), hints=(RoleHint("Ann", "prospect", "roster file", 90),))
    assert roles_of(t, RoleOptions(sellers=("Ann",)))["Ann"] == ("seller", "--seller")


@pytest.mark.parametrize(
    ("speaker", "domain", "is_seller"),
    [
        ("dana@acme.com", "acme.com", True),
        ("Dana Ruiz (Acme Corp)", "acme.com", True),
        ("Dana Ruiz (Acmeville Inc)", "acme.com", False),
        ("dana@notacme.com", "acme.com", False),
    ],
)
def test_seller_domain(speaker: str, domain: str, is_seller: bool) -> None:
    t = call((speaker, "Hello."), ("Other Person", "Hi."))
    got = roles_of(t, RoleOptions(seller_domains=(domain,)))
    assert (got[speaker] == ("seller", f"--seller-domain {domain}")) is is_seller


def test_unknown_speaker_stays_unknown_and_turns_get_roles() -> None:
    t = call(
        ("Dana Ruiz", "Here at Freightly we help fleets."),
        ("unknown", "Hmm."),
        ("Sam Okafor", "We use spreadsheets."),
    )
    out = assign_roles(t)
    assert [turn.role for turn in out.turns] == ["seller", "unknown", "prospect"]
    unknown = next(r for r in out.speaker_roles if r.speaker == "unknown")
    assert unknown.role == "unknown"


def test_unmatched_seller_name_is_a_warning() -> None:
    out = assign_roles(DISCOVERY, RoleOptions(sellers=("Zed",)))
    assert any("'Zed' matched no speaker" in w for w in out.warnings)


def test_multi_party_sales_engineer_joins_the_seller_side() -> None:
    t = call(
        ("Dana", "Hi all, Dana here from Freightly. What's your timeline for this?"),
        ("Sam", "We're currently using spreadsheets. Our budget is tight."),
        (
            "Lee",
            "I'm Lee with Freightly, the solutions engineer. Let me show you the API; our "
            "platform integrates with your TMS. We work with fleets like yours.",
        ),
        ("Priya", "How much does it cost? Our CFO will ask."),
    )
    got = roles_of(t)
    assert got["Dana"][0] == "seller" and got["Lee"][0] == "seller"
    assert got["Sam"][0] == "prospect" and got["Priya"][0] == "prospect"


def emailed(emails: tuple[tuple[str, str], ...]) -> Transcript:
    return Transcript(
        source="gong.json",
        format="gong",
        turns=(Turn(0, "Dana Ruiz", "Hello."), Turn(1, "Sam Okafor", "Hi.")),
        speaker_emails=emails,
    )


@pytest.mark.parametrize(
    ("dana", "sam", "expected"),
    [
        pytest.param(
            "dana@acme.com",
            "sam@globex.com",
            {
                "Dana Ruiz": ("seller", "--seller-domain acme.com"),
                "Sam Okafor": ("prospect", "email sam@globex.com outside --seller-domain"),
            },
            id="in-and-outside-the-domain",
        ),
        pytest.param(
            "dana@EU.Acme.com",
            "",
            {"Dana Ruiz": ("seller", "--seller-domain acme.com")},
            id="subdomain-and-case",
        ),
    ],
)
def test_seller_domain_reads_the_emails_the_source_lists(
    dana: str, sam: str, expected: dict[str, tuple[str, str]]
) -> None:
    """Gong and Fireflies name speakers on turns but list their addresses apart."""
    emails = tuple((n, e) for n, e in (("Dana Ruiz", dana), ("Sam Okafor", sam)) if e)
    got = roles_of(emailed(emails), RoleOptions(seller_domains=("acme.com",)))
    for speaker, role_source in expected.items():
        assert got[speaker] == role_source


def test_listed_emails_say_nothing_without_a_seller_domain() -> None:
    got = roles_of(emailed((("Dana Ruiz", "dana@acme.com"), ("Sam Okafor", "sam@globex.com"))))
    assert all(source.startswith("heuristic") for _, source in got.values())
