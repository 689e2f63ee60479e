"""Role sources that live beside a transcript: Zoom's participants report and a roster file.

* :func:`read_participants` reads Zoom's participants report CSV (UTF-8 BOM,
  CRLF, an optional meeting block naming the host's email, then
  ``Name (Original Name),User Email,Total Duration (Minutes),Guest``).  A
  participant whose email domain is the host's is on the seller side, another
  domain is a prospect; with no usable email, Zoom's ``Guest`` column decides
  (``Yes``: not in the host's Zoom account, a prospect; ``No``: in it, a seller).
* :func:`read_roster` reads a ``name,role`` CSV the user wrote.
* :func:`roles_from_domains` is the domain rule on its own, for any source of
  ``(name, email)`` pairs (Fireflies attendees, a CRM export...).

All three return :class:`~analyzer.model.RoleHint` values; they never decide a
role themselves, :mod:`analyzer.roles` weighs them against other sources.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from analyzer.errors import InputError, ParseError
from analyzer.ingest.decode import decode_text, normalise_text
from analyzer.ingest.vendors._csv import is_blank, numbered_rows, trim
from analyzer.model import Role, RoleHint

DOMAIN_SOURCE = "participants file (email domain)"
GUEST_SOURCE = "participants file (Guest column)"
PARTICIPANTS_STRENGTH = 60
ROSTER_SOURCE = "roster file"
ROSTER_STRENGTH = 90

#: Mailbox providers: sharing one says nothing about sharing an employer.
FREE_MAIL_DOMAINS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "msn.com",
        "yahoo.com",
        "icloud.com",
        "me.com",
        "aol.com",
        "proton.me",
        "protonmail.com",
        "gmx.com",
        "gmx.de",
        "web.de",
        "mail.com",
        "yandex.ru",
        "qq.com",
    }
)

_ROLE_WORDS: dict[str, Role] = {
    "seller": "seller",
    "sales": "seller",
    "rep": "seller",
    "agent": "seller",
    "internal": "seller",
    "host": "seller",
    "prospect": "prospect",
    "buyer": "prospect",
    "customer": "prospect",
    "client": "prospect",
    "lead": "prospect",
    "external": "prospect",
}
_ROSTER_HEADER_NAMES = frozenset({"name", "speaker", "participant", "display name"})
_ROSTER_HEADER_ROLES = frozenset({"role", "side"})
_EMAIL = re.compile(r"^[^@\s]+@([^@\s]+\.[^@\s]+)$")
_ALIAS = re.compile(r"^(?P<name>.+?)\s*\((?P<original>[^()]+)\)$")


def email_domain(email: str | None) -> str | None:
    """The lower-cased domain of an email address, or ``None`` if it is not one."""
    if not email:
        return None
    match = _EMAIL.match(email.strip())
    return match.group(1).casefold().rstrip(".") if match else None


def normalise_domains(domains: Iterable[str]) -> list[str]:
    """Seller domains as they are compared: trimmed, lower-cased, without a leading ``@``."""
    return [d.strip().casefold().lstrip("@") for d in domains if d.strip()]


def matching_domain(domain: str, seller_domains: Sequence[str]) -> str | None:
    """The seller domain ``domain`` belongs to, or ``None``.

    A subdomain belongs to its organisation: cs.example.edu is example.edu.
    ``seller_domains`` are already normalised (:func:`normalise_domains`).
    """
    return next((d for d in seller_domains if domain == d or domain.endswith("." + d)), None)


def roles_from_domains(
    names_emails: Iterable[tuple[str, str | None]],
    seller_domains: Iterable[str],
    *,
    source: str = DOMAIN_SOURCE,
    strength: int = PARTICIPANTS_STRENGTH,
) -> tuple[RoleHint, ...]:
    """Hints from email domains: a seller domain (or a subdomain of one) -> seller.

    Any other domain -> prospect.  Pairs without a usable email, and every pair
    when no seller domain is given, yield nothing.  Domains compare
    case-insensitively; a leading ``@`` on a seller domain is ignored.
    """
    domains = normalise_domains(seller_domains)
    if not domains:
        return ()
    hints: dict[tuple[str, Role], RoleHint] = {}
    for name, email in names_emails:
        domain = email_domain(email)
        name = normalise_text(name)
        if domain is None or not name:
            continue
        role: Role = "seller" if matching_domain(domain, domains) else "prospect"
        hints.setdefault((name, role), RoleHint(name, role, source, strength))
    return tuple(hints.values())


def _read_text(path: str | os.PathLike[str], what: str) -> tuple[str, str]:
    name = os.fspath(path)
    try:
        with open(name, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        raise InputError(
            name, f"cannot read the {what}: {exc.strerror or exc}", fix="check the path"
        ) from exc
    return decode_text(data, name), name


@dataclass(frozen=True, slots=True)
class _Participant:
    name: str
    email: str | None
    guest: bool | None


def read_participants(
    path: str | os.PathLike[str], *, seller_domains: Iterable[str] = ()
) -> tuple[RoleHint, ...]:
    """Role hints from a Zoom participants report CSV (see the module docstring).

    ``seller_domains`` (``--seller-domain``) replace the host's domain as the
    seller side's domains: the prospect may have hosted the meeting.
    """
    text, name = _read_text(path, "participants file")
    return parse_participants(text, name, seller_domains=seller_domains)


def parse_participants(
    text: str, path: str, *, seller_domains: Iterable[str] = ()
) -> tuple[RoleHint, ...]:
    """:func:`read_participants` on text already read; ``path`` is only for messages.

    Each participant yields hints for the name as listed, and for the two
    halves of a renamed ``Name (Original Name)`` entry, since the transcript
    may show either.  When the host uses a mailbox provider (gmail.com...) and
    no ``seller_domains`` are given, only the host's own address marks a
    seller: a shared provider is no evidence of a shared employer.
    """
    host_email, participants = _participants_table(text, path)
    domains = tuple(normalise_domains(seller_domains))
    if not domains:
        host_domain = email_domain(host_email)
        if host_domain is not None and host_domain not in FREE_MAIL_DOMAINS:
            domains = (host_domain,)
    hints: dict[tuple[str, Role], RoleHint] = {}
    for person in participants:
        decided = _side(person, host_email, domains)
        if decided is None:
            continue
        role, source = decided
        for alias in _aliases(person.name):
            hints.setdefault((alias, role), RoleHint(alias, role, source, PARTICIPANTS_STRENGTH))
    return tuple(hints.values())


def _side(
    person: _Participant, host_email: str | None, seller_domains: Sequence[str]
) -> tuple[Role, str] | None:
    domain = email_domain(person.email)
    if domain is not None and seller_domains:
        role: Role = "seller" if matching_domain(domain, seller_domains) else "prospect"
        return role, DOMAIN_SOURCE
    # Host on a mailbox provider: only the host's own address is evidence of the seller side.
    host = (host_email or "").casefold()
    if domain is not None and host and (person.email or "").casefold() == host:
        return "seller", DOMAIN_SOURCE
    if person.guest is True:
        return "prospect", GUEST_SOURCE
    if person.guest is False:
        return "seller", GUEST_SOURCE
    return None


def _aliases(name: str) -> list[str]:
    names = [name]
    match = _ALIAS.match(name)
    if match:
        names.extend([match.group("name").strip(), match.group("original").strip()])
    return [n for n in dict.fromkeys(names) if n]


def _sections(text: str) -> list[list[tuple[int, list[str]]]]:
    sections: list[list[tuple[int, list[str]]]] = [[]]
    for line, row in numbered_rows(text):
        if is_blank(row):
            if sections[-1]:
                sections.append([])
            continue
        sections[-1].append((line, trim(row)))
    return [s for s in sections if s]


def _column(header: Sequence[str], *names: str) -> int | None:
    folded = [cell.casefold() for cell in header]
    for name in names:
        if name in folded:
            return folded.index(name)
    return None


def _cell(row: Sequence[str], index: int | None) -> str:
    return row[index].strip() if index is not None and index < len(row) else ""


def _participants_table(text: str, path: str) -> tuple[str | None, list[_Participant]]:
    host_email: str | None = None
    participants: list[_Participant] | None = None
    for section in _sections(text):
        (_, header), rows = section[0], section[1:]
        folded = {cell.casefold() for cell in header}
        if "meeting id" in folded:
            email_col = _column(header, "user email", "host email", "email")
            if rows and email_col is not None:
                host_email = _cell(rows[0][1], email_col) or None
            continue
        name_col = _column(header, "name (original name)", "name", "participant", "display name")
        email_col = _column(header, "user email", "email")
        if name_col is None or email_col is None:
            continue
        guest_col = _column(header, "guest")
        if participants is None:
            participants = []
        for _, row in rows:
            name = normalise_text(_cell(row, name_col))
            if not name:
                continue
            guest = _cell(row, guest_col).casefold()
            participants.append(
                _Participant(
                    name=name,
                    email=_cell(row, email_col) or None,
                    guest=True if guest == "yes" else False if guest == "no" else None,
                )
            )
    if participants is None:
        raise ParseError(
            path,
            "no participants table found (a header row with 'Name (Original Name)' "
            "and 'User Email')",
            fix="export the meeting's participants report from Zoom (Reports > Usage)",
        )
    return host_email, participants


def read_roster(path: str | os.PathLike[str]) -> tuple[RoleHint, ...]:
    """Role hints from a ``name,role`` CSV (header optional; role seller or prospect).

    Blank lines and lines starting with ``#`` are skipped.  Besides
    ``seller`` and ``prospect``, the roles accept a few everyday synonyms
    (``rep``, ``agent``, ``internal``; ``customer``, ``buyer``, ``client``,
    ``external``).
    """
    text, name = _read_text(path, "roster file")
    return parse_roster(text, name)


def parse_roster(text: str, path: str) -> tuple[RoleHint, ...]:
    """:func:`read_roster` on text already read; ``path`` is only for messages."""
    hints: dict[str, tuple[int, RoleHint]] = {}
    first = True
    for line, row in numbered_rows(text):
        cells = trim(row)
        if not cells or cells[0].startswith("#"):
            continue
        if first and _is_roster_header(cells):
            first = False
            continue
        first = False
        if len(cells) != 2:
            raise ParseError(
                path,
                f"expected two columns 'name,role', found {len(cells)}",
                line=line,
                fix='write one person per line, e.g. "Dana Ruiz,seller" (quote names with commas)',
            )
        name, role_word = normalise_text(cells[0]), cells[1].strip().casefold()
        if not name:
            raise ParseError(path, "the name is empty", line=line, fix="write the speaker's name")
        role = _ROLE_WORDS.get(role_word)
        if role is None:
            raise ParseError(
                path,
                f"role {cells[1]!r} is neither 'seller' nor 'prospect'",
                line=line,
                fix="write seller or prospect in the second column",
            )
        key = name.casefold()
        if key in hints and hints[key][1].role != role:
            earlier_line, earlier = hints[key]
            raise ParseError(
                path,
                f"{name!r} is listed as {role} here and as {earlier.role} on line {earlier_line}",
                line=line,
                fix="keep one line per person",
            )
        hints.setdefault(key, (line, RoleHint(name, role, ROSTER_SOURCE, ROSTER_STRENGTH)))
    if not hints:
        raise ParseError(
            path, "the roster lists nobody", fix='add lines such as "Dana Ruiz,seller"'
        )
    return tuple(hint for _, hint in hints.values())


def _is_roster_header(cells: Sequence[str]) -> bool:
    folded = [c.casefold() for c in cells]
    return len(folded) == 2 and (
        folded[0] in _ROSTER_HEADER_NAMES or folded[1] in _ROSTER_HEADER_ROLES
    )
