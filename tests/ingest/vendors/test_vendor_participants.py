"""Role sources beside a transcript: Zoom participants report, roster file, email domains."""

from __future__ import annotations

from pathlib import Path

import pytest
from _vendor_helpers import FIXTURES

from analyzer.errors import InputError, ParseError
from analyzer.ingest.participants import (
    DOMAIN_SOURCE,
    GUEST_SOURCE,
    ROSTER_SOURCE,
    email_domain,
    read_participants,
    read_roster,
    roles_from_domains,
)
from analyzer.model import RoleHint

ZOOM_REPORT = FIXTURES / "zoom" / "meeting001_participants.csv"


def as_table(hints: tuple[RoleHint, ...]) -> dict[str, tuple[str, str, int]]:
    table = {h.speaker: (h.role, h.source, h.strength) for h in hints}
    assert len(table) == len(hints), "one hint per name"
    return table


# --- Zoom participants report ------------------------------------------------------------------


def test_zoom_fixture_sides_by_host_domain() -> None:
    """Host knightap@wustl.edu: wustl.edu is the seller side, every other domain a prospect."""
    table = as_table(read_participants(ZOOM_REPORT))
    seller = ("seller", DOMAIN_SOURCE, 60)
    prospect = ("prospect", DOMAIN_SOURCE, 60)
    assert table == {
        "Andrew Knight": seller,
        "George Harrison": prospect,
        # a renamed entry yields its full text and both names
        "Paul McCartney (Wings)": prospect,
        "Paul McCartney": prospect,
        "Wings": prospect,
        "Ringo Starr": prospect,
        "Peter Best": prospect,
        "Eric Clapton": prospect,
        # John Lennon, George Martin, Yoko Ono, Eric's iPad: no email, no Guest value
    }


def test_zoom_fixture_with_explicit_seller_domain() -> None:
    table = as_table(read_participants(ZOOM_REPORT, seller_domains=["@Gmail.com"]))
    assert table["George Harrison"][0] == "seller"
    assert table["Andrew Knight"][0] == "prospect"


def write(tmp_path: Path, text: str, name: str = "file.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


HEADER = "Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants,\n"


@pytest.mark.parametrize(
    ("host", "row", "expected"),
    [
        ("dana@acme.com", "Lee Park,lee@sales.acme.com,30,No", ("seller", DOMAIN_SOURCE)),
        ("dana@acme.com", "Sam Okafor,sam@globex.com,30,No", ("prospect", DOMAIN_SOURCE)),
        ("dana@acme.com", "Pat,,30,Yes", ("prospect", GUEST_SOURCE)),
        ("dana@acme.com", "Pat,,30,No", ("seller", GUEST_SOURCE)),
        ("dana@acme.com", "Pat,not-an-email,30,Yes", ("prospect", GUEST_SOURCE)),
        # a mailbox-provider host: sharing gmail.com is no evidence of sharing an employer
        ("dana@gmail.com", "Dana,dana@gmail.com,30,", ("seller", DOMAIN_SOURCE)),
        ("dana@gmail.com", "Sam,sam@gmail.com,30,Yes", ("prospect", GUEST_SOURCE)),
        # near misses
        ("dana@gmail.com", "Sam,sam@gmail.com,30,", None),
        ("dana@acme.com", "Pat,,30,", None),
        ("dana@acme.com", "Lee,lee@notacme.com,30,", ("prospect", DOMAIN_SOURCE)),
    ],
)
def test_participant_side_table(
    tmp_path: Path, host: str, row: str, expected: tuple[str, str] | None
) -> None:
    text = (
        HEADER
        + f"1,Intro,03/02/2026 10:00:00 AM,03/02/2026 11:00:00 AM,{host},60,2,\n\n"
        + "Name (Original Name),User Email,Total Duration (Minutes),Guest\n"
        + row
        + "\n"
    )
    hints = read_participants(write(tmp_path, text))
    got = [(h.role, h.source) for h in hints]
    assert got == ([] if expected is None else [expected])


def test_single_section_report_uses_the_guest_column(tmp_path: Path) -> None:
    text = (
        "\ufeffName (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest\r\n"
        "Dana Ruiz,dana@acme.com,x,y,30,No\r\nSam Okafor,sam@globex.com,x,y,30,Yes\r\n"
    )
    table = as_table(read_participants(write(tmp_path, text)))
    assert table == {
        "Dana Ruiz": ("seller", GUEST_SOURCE, 60),
        "Sam Okafor": ("prospect", GUEST_SOURCE, 60),
    }


@pytest.mark.parametrize(
    "text",
    [
        "speaker,text\nDana,Hello\n",  # a transcript table, not a participants report
        HEADER + "1,Intro,a,b,dana@acme.com,60,2,\n",  # the meeting block alone
        "",
    ],
)
def test_not_a_participants_report(tmp_path: Path, text: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ParseError) as caught:
        read_participants(path)
    assert caught.value.path == str(path)
    assert "no participants table" in str(caught.value)


def test_missing_participants_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read the participants file"):
        read_participants(tmp_path / "nope.csv")


# --- roster --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "name,role\nDana Ruiz,seller\nSam Okafor,prospect\n",
        "Dana Ruiz,seller\nSam Okafor,prospect\n",
        '# who is who\n\nDana Ruiz , Seller\n"Okafor, Sam",buyer\n',
        "\ufeffSpeaker,Side\r\nDana Ruiz,rep\r\nSam Okafor,Customer\r\n",
    ],
)
def test_roster_forms(tmp_path: Path, text: str) -> None:
    hints = read_roster(write(tmp_path, text))
    assert [(h.role, h.source, h.strength) for h in hints] == [
        ("seller", ROSTER_SOURCE, 90),
        ("prospect", ROSTER_SOURCE, 90),
    ]
    assert hints[0].speaker == "Dana Ruiz"


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("name,role\nDana,boss\n", "role 'boss' is neither 'seller' nor 'prospect'", 2),
        ("Dana,seller\nSam,prospect,extra\n", "expected two columns 'name,role', found 3", 2),
        ("Dana\n", "found 1", 1),
        ("Dana,seller\n,prospect\n", "the name is empty", 2),
        ("Dana,seller\n\nDana,prospect\n", "listed as prospect here and as seller on line 1", 3),
        ("name,role\n# nobody yet\n", "the roster lists nobody", None),
    ],
)
def test_roster_errors_name_file_and_line(
    tmp_path: Path, text: str, message: str, line: int | None
) -> None:
    path = write(tmp_path, text, "roster.csv")
    with pytest.raises(ParseError) as caught:
        read_roster(path)
    assert message in str(caught.value)
    assert (caught.value.path, caught.value.line) == (str(path), line)
    assert caught.value.fix


def test_roster_repeats_with_the_same_role_are_fine(tmp_path: Path) -> None:
    hints = read_roster(write(tmp_path, "Dana,seller\ndana,seller\n"))
    assert [h.speaker for h in hints] == ["Dana"]


# --- domains -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("email", "domain"),
    [
        ("dana@Acme.COM", "acme.com"),
        (" sam@globex.co.uk ", "globex.co.uk"),
        ("dana@acme", None),
        ("not an email", None),
        ("", None),
        (None, None),
    ],
)
def test_email_domain(email: str | None, domain: str | None) -> None:
    assert email_domain(email) == domain


@pytest.mark.parametrize(
    ("pairs", "domains", "expected"),
    [
        ([("Dana", "dana@acme.com")], ["acme.com"], {"Dana": "seller"}),
        ([("Dana", "dana@eu.acme.com")], ["@ACME.com"], {"Dana": "seller"}),
        ([("Sam", "sam@globex.com")], ["acme.com"], {"Sam": "prospect"}),
        # near misses: look-alike domains, no email, no seller domain
        ([("Eve", "eve@notacme.com")], ["acme.com"], {"Eve": "prospect"}),
        ([("Pat", None), ("Lee", "")], ["acme.com"], {}),
        ([("Dana", "dana@acme.com")], [], {}),
        ([("", "x@acme.com")], ["acme.com"], {}),
    ],
)
def test_roles_from_domains(
    pairs: list[tuple[str, str | None]], domains: list[str], expected: dict[str, str]
) -> None:
    hints = roles_from_domains(pairs, domains)
    assert {h.speaker: h.role for h in hints} == expected
    assert all(h.source == DOMAIN_SOURCE and h.strength == 60 for h in hints)


def test_roles_from_domains_source_and_strength_are_settable() -> None:
    (hint,) = roles_from_domains([("Dana", "d@acme.com")], ["acme.com"], source="crm", strength=5)
    assert hint == RoleHint("Dana", "seller", "crm", 5)
