"""Seller / prospect attribution.

Every speaker gets a role from the strongest source that speaks about them, in
this order: the user's ``--seller`` names, a roster file, roles written in the
input (labelled data, a transcript header), vendor metadata (Gong affiliation,
AWS Call Analytics participant roles), a participants report, ``--seller-domain``
matched against a speaker's email or company suffix, name suffixes such as
``(External)``; and only then a text heuristic that explains itself.  The
report shows, for each speaker, the role, the source that decided it and why.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from analyzer.model import Role, RoleHint, SpeakerRole, Transcript, Turn

UNKNOWN_SPEAKER = "unknown"

#: Strengths of the sources the user gives on the command line.
STRENGTH_CLI_SELLER = 100
STRENGTH_ROSTER = 90
STRENGTH_DOMAIN = 70

#: Heuristic cue total from which a speaker clearly sounds like one side.
STRONG_CUES = 4.0
#: Net cue total from which a further speaker joins the seller side (a sales engineer).
SELLER_CUES = 2.0


@dataclass(frozen=True, slots=True)
class RoleOptions:
    """What the user told us about sides, beyond the transcript itself."""

    sellers: tuple[str, ...] = ()
    seller_domains: tuple[str, ...] = ()
    hints: tuple[RoleHint, ...] = ()


# --- text heuristic ---------------------------------------------------------------------------
# Each cue is (pattern, weight, reason). Positive weight = sounds like the seller.  The cues
# describe what a side typically *does* on a sales call (introduces the company, asks about
# budget and decision process) rather than words either side could use.
_SELLER_CUES: tuple[tuple[re.Pattern[str], float, str], ...] = tuple(
    (re.compile(p, re.IGNORECASE), w, r)
    for p, w, r in (
        (
            r"\b(?:i'm|i am|this is) \w+(?: \w+)? (?:from|with|at|over at) \w+",
            3.0,
            "introduced themselves with a company",
        ),
        (
            r"\b(?:here at|we at|(?:here|calling|reaching out) from)\b",
            3.0,
            "introduced the company",
        ),
        (
            r"\bour (?:platform|product|solution|software|tool|pricing|price list|plans?|team can|"
            r"customers|clients|implementation|onboarding|service|offering|rates?)\b",
            2.0,
            "talks about 'our' product, pricing or customers",
        ),
        (
            r"\b(?:what(?:'s| is) your|do you have a|is there a) (?:budget|timeline|time ?frame)\b",
            2.5,
            "asks about budget or timeline",
        ),
        (
            r"\b(?:who else|who(?:'s| is) involved|decision[- ]maker|sign[- ]off process|"
            r"how do you (?:usually )?(?:make|buy|evaluate)|decision process)\b",
            2.0,
            "asks about the decision process",
        ),
        (
            r"\b(?:let me (?:show|walk) you|i can show you|i'll share my screen|quick demo)\b",
            2.0,
            "runs the demo",
        ),
        (
            r"\b(?:we (?:offer|provide|help companies|work with|specialize)|we've helped)\b",
            2.0,
            "describes what 'we' offer",
        ),
        (
            r"\b(?:our (?:current|existing) (?:vendor|provider|system|setup|tool)|we(?:'re| are) "
            r"(?:currently )?using|we use)\b",
            -2.0,
            "describes their own current setup",
        ),
        (
            r"\b(?:how much (?:does|would|is)|what does it cost|what(?:'s| is) the price|"
            r"can you send|send (?:me|us|over)|do you integrate|does it work with)\b",
            -2.0,
            "asks about price or asks to be sent things",
        ),
        (
            r"\bour (?:budget|board|cfo|finance team|procurement|legal team|it team)\b",
            -1.5,
            "talks about their own budget or approvers",
        ),
    )
)


def _cue_score(turns: Iterable[Turn]) -> tuple[float, list[str]]:
    score = 0.0
    reasons: dict[str, int] = {}
    for turn in turns:
        for pattern, weight, reason in _SELLER_CUES:
            if pattern.search(turn.text):
                score += weight
                if reason not in reasons:
                    reasons[reason] = turn.index
    pretty = [f"{r} (turn {i})" for r, i in reasons.items()]
    return score, pretty


def _normalise_name(name: str) -> str:
    name = re.sub(r"\s*\((?:external|guest|she/her|he/him|they/them)\)\s*", " ", name, flags=re.I)
    return re.sub(r"\s+", " ", name).strip().casefold()


def _name_matches(given: str, speaker: str) -> bool:
    """Whether a user-given name denotes a speaker: exact, or a whole-word prefix ("Dana")."""
    g, s = _normalise_name(given), _normalise_name(speaker)
    if not g:
        return False
    return g == s or s.startswith(g + " ") or s.split(" (")[0] == g


def _domain_matches(domain: str, speaker: str) -> bool:
    """``acme.com`` matches ``dana@acme.com`` and a company suffix ``Dana Ruiz (Acme Corp)``."""
    d = domain.casefold().lstrip("@")
    s = speaker.casefold()
    if f"@{d}" in s:
        return True
    stem = d.split(".")[0]
    suffix = re.search(r"\(([^)]*)\)\s*$", s)
    return bool(suffix and re.search(rf"\b{re.escape(stem)}\b", suffix.group(1)))


def _explicit_hints(
    speakers: Sequence[str], transcript: Transcript, options: RoleOptions
) -> list[RoleHint]:
    hints: list[RoleHint] = list(transcript.role_hints) + list(options.hints)
    for given in options.sellers:
        for speaker in speakers:
            if _name_matches(given, speaker):
                hints.append(RoleHint(speaker, "seller", "--seller", STRENGTH_CLI_SELLER))
    for domain in options.seller_domains:
        for speaker in speakers:
            if _domain_matches(domain, speaker):
                hints.append(
                    RoleHint(speaker, "seller", f"--seller-domain {domain}", STRENGTH_DOMAIN)
                )
    hints.extend(_email_hints(speakers, transcript.speaker_emails, options.seller_domains))
    return hints


def _email_hints(
    speakers: Sequence[str], emails: Sequence[tuple[str, str]], domains: Sequence[str]
) -> list[RoleHint]:
    """``--seller-domain`` against the addresses the source lists for its speakers.

    A speaker whose address is in a seller domain (or a subdomain of one) is a
    seller; one whose address is elsewhere is on the other side, as with a
    participants report.  Without a seller domain, addresses say nothing.
    """
    from analyzer.ingest.participants import email_domain, matching_domain, normalise_domains

    wanted = normalise_domains(domains)
    hints: list[RoleHint] = []
    if not wanted:
        return hints
    for name, email in emails:
        host = email_domain(email)
        if host is None:
            continue
        match = matching_domain(host, wanted)
        role: Role = "seller" if match else "prospect"
        source = f"--seller-domain {match}" if match else f"email {email} outside --seller-domain"
        for speaker in speakers:
            if _name_matches(name, speaker):
                hints.append(RoleHint(speaker, role, source, STRENGTH_DOMAIN))
    return hints


def _best_hints(speakers: Sequence[str], hints: Sequence[RoleHint]) -> dict[str, RoleHint]:
    best: dict[str, RoleHint] = {}
    for hint in hints:
        for speaker in speakers:
            if hint.role == "unknown":
                continue
            if hint.speaker == speaker or _name_matches(hint.speaker, speaker):
                current = best.get(speaker)
                if current is None or hint.strength > current.strength:
                    best[speaker] = hint
    return best


def attribute(
    transcript: Transcript, options: RoleOptions = RoleOptions()
) -> tuple[SpeakerRole, ...]:
    """Decide every speaker's role and say how; pure (no I/O)."""
    speakers = [s for s in transcript.speakers if s != UNKNOWN_SPEAKER]
    explicit_hints = _explicit_hints(speakers, transcript, options)
    decided: dict[str, SpeakerRole] = {}
    for speaker, hint in _best_hints(speakers, explicit_hints).items():
        decided[speaker] = SpeakerRole(
            speaker, hint.role, hint.source, min(1.0, 0.5 + hint.strength / 200), ()
        )

    undecided = [s for s in speakers if s not in decided]
    if undecided:
        decided.update(_heuristic(transcript, undecided, decided))

    result = [decided[s] for s in speakers]
    if UNKNOWN_SPEAKER in transcript.speakers:
        result.append(
            SpeakerRole(
                UNKNOWN_SPEAKER,
                "unknown",
                "no speaker in source",
                1.0,
                ("the source has no speaker for these turns; they are never labelled",),
            )
        )
    return tuple(result)


def _heuristic(
    transcript: Transcript, undecided: Sequence[str], decided: dict[str, SpeakerRole]
) -> dict[str, SpeakerRole]:
    by_speaker = {s: [t for t in transcript.turns if t.speaker == s] for s in undecided}
    scores = {s: _cue_score(turns) for s, turns in by_speaker.items()}
    known_roles = {r.role for r in decided.values()}
    out: dict[str, SpeakerRole] = {}

    # Elimination: if the explicit sources named only one side, the rest are the other side,
    # unless their own words clearly say otherwise.
    if len(known_roles) == 1:
        (known,) = known_roles
        other: Role = "prospect" if known == "seller" else "seller"
        for s in undecided:
            score, reasons = scores[s]
            sounds_like: Role = "seller" if score > 0 else "prospect"
            if abs(score) >= STRONG_CUES and sounds_like != other:
                out[s] = SpeakerRole(s, sounds_like, "heuristic", 0.55, tuple(reasons))
            else:
                why = f"every other named speaker is a {known}"
                out[s] = SpeakerRole(s, other, "elimination", 0.7, (why, *reasons))
        return out

    # No explicit source at all: the speaker whose words sound most like selling is the seller;
    # anyone else whose words clearly sound like selling (a sales engineer) joins them;
    # the rest are prospects.
    ranked = sorted(undecided, key=lambda s: scores[s][0], reverse=True)
    runner_up = scores[ranked[1]][0] if len(ranked) > 1 else 0.0
    for s in ranked:
        score, reasons = scores[s]
        is_top = s == ranked[0]
        role: Role = (
            "seller"
            if (is_top and "seller" not in known_roles) or score >= SELLER_CUES
            else "prospect"
        )
        # Confident when the top speaker clearly out-sells the next one, or when a speaker's
        # own cues clearly point one way.
        if is_top and role == "seller":
            confident = score - runner_up >= STRONG_CUES - 1
        else:
            confident = score >= SELLER_CUES if role == "seller" else score < 0
        if not reasons:
            reasons = ["no role cues in their words"]
        out[s] = SpeakerRole(
            s,
            role,
            "heuristic" if confident else "heuristic (low confidence)",
            0.6 if confident else 0.35,
            tuple(reasons),
        )
    return out


def assign_roles(transcript: Transcript, options: RoleOptions = RoleOptions()) -> Transcript:
    """Return the transcript with every turn's role set and ``speaker_roles`` explained."""
    roles = attribute(transcript, options)
    role_of = {r.speaker: r.role for r in roles}
    turns = tuple(replace(t, role=role_of.get(t.speaker, "unknown")) for t in transcript.turns)
    warnings = list(transcript.warnings)
    for given in options.sellers:
        if not any(_name_matches(given, s) for s in transcript.speakers):
            names = ", ".join(transcript.speakers)
            warnings.append(f"--seller {given!r} matched no speaker (speakers: {names})")
    return replace(transcript, turns=turns, speaker_roles=roles, warnings=tuple(warnings))
