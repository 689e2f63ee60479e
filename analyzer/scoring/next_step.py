"""The concrete next step agreed in a call: what, who owns it, and when.

A step is *agreed* when the prospect commits (a ``commitment`` finding) or
says yes to a seller's *dated* proposal ("Would Tuesday at two work?" -
"Yes, that works.").  A yes counts only when the reply holds no hedge ("as
long as...", "but Tuesday doesn't work": the ``acceptance_blocker`` cues),
is not a stall or decline, does not itself step back ("Yeah, release it."
to "Should I release the 29th?": a ``regress`` cue), and the proposal's
date is after the call (a yes to "shall we do the discovery part today?"
happens in the call).  The step reported is the last one agreed, unless a
later clear no or withdrawal ("let's cancel Thursday's session") takes it
back, in which case there is none.

* **what**: the commitment's own sentence, unless it only says yes ("Yes,
  let's do that.", at most six words, and no date of its own): then the
  seller proposal it accepted, which is where the substance is.
* **when**: the first specific date expression in that sentence, else in the
  other one (commitment vs proposal); spaCy's DATE mentions back up the
  patterns of :mod:`analyzer.scoring.dates`.  ``due_text`` keeps the words
  even when they cannot be resolved (a vague "after the holidays", or any
  relative date when the call date is unknown).
* **owner**: from the wording: the speaker's own action ("I'll send the
  security questionnaire") makes the speaker the owner; a request or an
  imperative to the other side ("send the invite", "could you bring your
  CFO?") makes the other side the owner; "let's" or "shall we" is joint and
  names both ("Dana Ruiz and Sam Okafor").  The clause that carries the date
  is read first.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from analyzer.detectors.base import CallContext
from analyzer.model import Finding, NextStep
from analyzer.scoring.acts import decline_acts, prospect_findings, regress_acts
from analyzer.scoring.cues import ScoringCues, load_cues
from analyzer.scoring.dates import DateMatch, find_dates
from analyzer.scoring.questions import is_punctuated, is_question
from analyzer.scoring.spans import SentenceSpan, covering, sentences, span

__all__ = [
    "Agreement",
    "Proposal",
    "answered_proposal",
    "find_agreements",
    "find_next_step",
    "find_proposals",
    "specific_date",
]

Owner = Literal["self", "other", "joint"]


@dataclass(frozen=True, slots=True)
class Proposal:
    """A seller sentence proposing a next step; ``when`` is its date, if any."""

    sentence: SentenceSpan
    rule: str
    when: DateMatch | None

    @property
    def dated(self) -> bool:
        """Whether the proposal names a specific day or period."""
        return self.when is not None


@dataclass(frozen=True, slots=True)
class Agreement:
    """The prospect agreeing to a step.

    ``quote`` is the commitment finding's span (or the accepting sentence),
    ``sentence`` the whole sentence(s) around it, ``proposal`` the seller
    proposal it answered, if any.
    """

    quote: SentenceSpan
    sentence: SentenceSpan
    via: Literal["commitment", "acceptance"]
    proposal: Proposal | None
    rule: str | None = None


def specific_date(call: CallContext, sentence: SentenceSpan) -> DateMatch | None:
    """The first specific date in a sentence: not vague and not in the past.

    Falls back to spaCy's DATE mentions inside the sentence when the
    patterns found nothing; a relative date stays ``date=None`` when the
    call date is unknown but still counts as specific.
    """
    call_date = call.transcript.date
    for match in find_dates(sentence.text, call_date):
        if match.vague:
            continue
        if match.date is not None and call_date is not None and match.date < call_date:
            continue  # "last Friday" is history, not a next step
        return match
    for mention in call.docs[sentence.turn].dates:
        if sentence.start <= mention.start_char and mention.end_char <= sentence.end:
            resolved = [m for m in find_dates(mention.text, call_date) if not m.vague]
            if resolved and (call_date is None or (resolved[0].date or call_date) >= call_date):
                return DateMatch(
                    mention.start_char - sentence.start,
                    mention.end_char - sentence.start,
                    mention.text,
                    resolved[0].date,
                    f"spacy.{mention.kind.lower()}",
                )
    return None


#: A DATE mention worth quoting as a due date names a point in time; spaCy also
#: tags frequencies ("annual") and durations ("two years") as DATE.
_POINT_IN_TIME = re.compile(
    r"\b(?:after|before|by|until|next|this|coming|end|early|late|mid|holidays?|new\s+year"
    r"|summer|spring|fall|autumn|winter)\b",
    re.IGNORECASE,
)


def _any_date_words(call: CallContext, sentence: SentenceSpan) -> DateMatch | None:
    """A vague date expression or unresolved DATE mention, for ``due_text`` only."""
    for match in find_dates(sentence.text, call.transcript.date):
        if match.vague:
            return match
    for mention in call.docs[sentence.turn].dates:
        inside = sentence.start <= mention.start_char and mention.end_char <= sentence.end
        if inside and mention.kind == "DATE" and _POINT_IN_TIME.search(mention.text):
            return DateMatch(
                mention.start_char - sentence.start,
                mention.end_char - sentence.start,
                mention.text,
                None,
                "spacy.date",
                vague=True,
            )
    return None


def find_proposals(
    call: CallContext, findings: Sequence[Finding], cues: ScoringCues | None = None
) -> tuple[Proposal, ...]:
    """Seller sentences that propose a next step.

    A proposal matches a ``proposal`` cue, or is a question that names a
    date and a step or a time to meet ("Are you free on the 14th?", "The demo
    Thursday at ten?"); a dated question about a fact ("Your renewal is April
    1st, right?") is not a proposal.  A sentence a giveaway finding
    covers is not a proposal: offering to send information is not asking
    for a step.
    """
    cues = cues or load_cues()
    giveaways = [f for f in findings if f.label == "giveaway"]
    found: list[Proposal] = []
    for turn in call.turns:
        if turn.role != "seller":
            continue
        punctuated = is_punctuated(turn.text)
        for sent in sentences(call, turn.index):
            if any(
                g.turn == turn.index and g.start_char < sent.end and sent.start < g.end_char
                for g in giveaways
            ):
                continue
            when = specific_date(call, sent)
            match = cues.first("proposal", sent.text)
            if match is not None:
                found.append(Proposal(sent, match.rule.name, when))
            elif (
                when is not None
                and is_question(sent.text, punctuated=punctuated)
                and cues.first("step", sent.text) is not None
            ):
                found.append(Proposal(sent, "question_with_date", when))
    return tuple(found)


def answered_proposal(
    call: CallContext, turn: int, proposals: Sequence[Proposal]
) -> Proposal | None:
    """The proposal a prospect turn answers: the last one (the last *dated*
    one, if any) in the seller turns since the prospect last spoke, so a
    proposal the prospect already answered is not answered again.
    """
    seller_turns: set[int] = set()
    for earlier in reversed(call.turns[:turn]):
        if earlier.role == "prospect":
            break
        if earlier.role == "seller":
            seller_turns.add(earlier.index)
    candidates = [p for p in proposals if p.sentence.turn in seller_turns]
    dated = [p for p in candidates if p.dated]
    # "Would Tuesday work? I'll send an invite." proposes Tuesday: the dated one wins.
    if dated:
        return dated[-1]
    return candidates[-1] if candidates else None


def promises_effort_only(call: CallContext, finding: Finding, cues: ScoringCues) -> bool:
    """Whether a commitment finding's sentence only promises to try (labeling.md R15)."""
    sentence = covering(call, finding.turn, finding.start_char, finding.end_char)
    return cues.first("effort_only", sentence.text) is not None


def find_agreements(
    call: CallContext, findings: Sequence[Finding], cues: ScoringCues | None = None
) -> tuple[Agreement, ...]:
    """Every step the prospect agreed to, in call order."""
    cues = cues or load_cues()
    proposals = find_proposals(call, findings, cues)
    commitments = prospect_findings(call, findings, "commitment")
    hedges = prospect_findings(call, findings, "stall", "decline")
    agreed: list[Agreement] = []
    for turn in call.turns:
        if turn.role != "prospect":
            continue
        answered = answered_proposal(call, turn.index, proposals)
        mine = [f for f in commitments if f.turn == turn.index]
        for f in mine:
            if promises_effort_only(call, f, cues):
                continue  # "I'll try to get her before Friday" promises an effort, not the step
            quote = span(call, turn.index, f.start_char, f.end_char)
            agreed.append(
                Agreement(
                    quote=quote,
                    sentence=covering(call, turn.index, f.start_char, f.end_char),
                    via="commitment",
                    proposal=answered,
                    rule=f.rule or f.model,
                )
            )
        if mine or answered is None or not answered.dated:
            continue
        if any(h.turn == turn.index for h in hedges):
            continue  # "yes, but let me run it by my boss" is a stall, not a yes
        opening = sentences(call, turn.index)
        if not opening or is_question(opening[0].text, punctuated=is_punctuated(turn.text)):
            continue
        if cues.first("acceptance_blocker", turn.text, negation_aware=False):
            continue
        if cues.first("regress", opening[0].text):
            continue  # "Yeah, release it." to "should I release the 29th?" gives a step up
        when = answered.when.date if answered.when else None
        if when is not None and call.transcript.date is not None and when <= call.transcript.date:
            continue  # "shall we do the discovery part today?" happens in the call, not next
        match = cues.first("acceptance", opening[0].text)
        if match is not None:
            agreed.append(
                Agreement(opening[0], opening[0], "acceptance", answered, match.rule.name)
            )
    return tuple(agreed)


# --------------------------------------------------------------------------- owner

_CLAUSE_BREAK = re.compile(
    r"[,;:]|[.!?](?:\s|$)|\s[-\u2013\u2014]\s|\s(?:and|then|so)\s", re.IGNORECASE
)
_SKIPPABLE = {
    "yes", "yeah", "yep", "sure", "ok", "okay", "great", "perfect", "please", "just",
    "so", "then", "and", "also", "absolutely", "definitely", "oh", "well", "alright",
}  # fmt: skip


def _clauses(sentence: SentenceSpan) -> list[tuple[int, int]]:
    """Clause boundaries inside a sentence, as offsets into its turn."""
    bounds, start = [], 0
    for m in _CLAUSE_BREAK.finditer(sentence.text):
        bounds.append((sentence.start + start, sentence.start + m.start()))
        start = m.end()
    bounds.append((sentence.start + start, sentence.end))
    return [(a, b) for a, b in bounds if b > a]


def _imperative(call: CallContext, turn: int, start: int, end: int) -> bool:
    """Whether a clause opens with a bare verb and has no subject ("send the invite")."""
    tokens = [t for t in call.docs[turn].tokens if start <= t.idx < end]
    words = [t for t in tokens if t.pos not in ("PUNCT", "SPACE", "INTJ")]
    while words and words[0].lower in _SKIPPABLE:
        words = words[1:]
    if not words:
        return False
    verb = words[0]
    if verb.tag != "VB" or verb.lower == "let":
        return False
    return not any(t.head == verb.i and t.dep in ("nsubj", "nsubjpass") for t in tokens)


def _classify(
    call: CallContext, turn: int, start: int, end: int, cues: ScoringCues
) -> Owner | None:
    text = call.turns[turn].text[start:end]
    if cues.first("owner_self", text):
        return "self"
    if cues.first("owner_joint", text):
        return "joint"
    if cues.first("owner_other", text) or _imperative(call, turn, start, end):
        return "other"
    return None


def _owner_of(
    call: CallContext, sentence: SentenceSpan, cues: ScoringCues, date_text: str | None
) -> Owner | None:
    """Who the wording of one sentence makes the owner, from its speaker's view.

    The clause naming the date decides when it has a signal ("Send over the
    contract, I'll sign it this week": the signing is the dated step); else
    the speaker's own action beats a request to the other side, which beats
    a joint "let's".
    """
    turn_text = call.turns[sentence.turn].text
    clauses = _clauses(sentence)
    if date_text:
        for start, end in clauses:
            if date_text in turn_text[start:end]:
                dated = _classify(call, sentence.turn, start, end, cues)
                if dated is not None:
                    return dated
    signals = {_classify(call, sentence.turn, start, end, cues) for start, end in clauses}
    preference: tuple[Owner, ...] = ("self", "other", "joint")
    for owner in preference:
        if owner in signals:
            return owner
    return None


def _seller_name(call: CallContext, agreement: Agreement) -> str | None:
    if agreement.proposal is not None:
        return call.turns[agreement.proposal.sentence.turn].speaker
    turn = agreement.quote.turn
    before = [t for t in call.turns[:turn] if t.role == "seller"]
    after = [t for t in call.turns[turn + 1 :] if t.role == "seller"]
    if before:
        return before[-1].speaker
    return after[0].speaker if after else None


def _owner_name(
    call: CallContext,
    agreement: Agreement,
    cues: ScoringCues,
    readings: Sequence[tuple[SentenceSpan, str | None]],
) -> str | None:
    prospect = call.turns[agreement.quote.turn].speaker
    seller = _seller_name(call, agreement)
    for sentence, date_text in readings:
        owner = _owner_of(call, sentence, cues, date_text)
        if owner is None:
            continue
        speaker_is_prospect = call.turns[sentence.turn].role == "prospect"
        if owner == "joint":
            return f"{seller} and {prospect}" if seller else prospect
        if (owner == "self") == speaker_is_prospect:
            return prospect
        return seller
    return None


# --------------------------------------------------------------------------- next step

#: An accepting sentence this short ("Yes, let's do that.") carries no step of its own.
_BARE_ACCEPTANCE_WORDS = 6


def _defers_to(proposal: Proposal, agreement: Agreement, cues: ScoringCues) -> bool:
    """Whether the step's substance is in the seller's proposal, not the reply.

    It is when the reply only says yes ("Yes, let's do that."); a reply that
    names an action of its own ("I'll bring our CFO") is the step itself.
    """
    if agreement.via == "acceptance":
        return True
    words = len(re.findall(r"[^\W_]+", agreement.sentence.text))
    accepting = cues.first("acceptance", agreement.sentence.text) is not None
    return accepting and words <= _BARE_ACCEPTANCE_WORDS


def find_next_step(
    call: CallContext, findings: Sequence[Finding], cues: ScoringCues | None = None
) -> NextStep | None:
    """The next step agreed in the call, or ``None`` (module docstring has the rules)."""
    cues = cues or load_cues()
    agreements = find_agreements(call, findings, cues)
    if not agreements:
        return None
    last = agreements[-1]
    position = (last.quote.turn, last.quote.start)
    cancels = [*decline_acts(call, findings, cues), *regress_acts(call, findings, cues)]
    if any(
        (a.quote.turn, a.quote.start) > position
        for a in cancels
        if a.kind == "decline" or a.label == "regress.withdraw"
    ):
        return None

    own = specific_date(call, last.sentence)
    proposal = last.proposal
    if own is not None or proposal is None or not _defers_to(proposal, last, cues):
        what, other = last.sentence, (proposal.sentence if proposal else None)
        when = own or (proposal.when if proposal else None)
    else:
        what, other = proposal.sentence, last.sentence
        when = proposal.when
    if when is None:
        when = _any_date_words(call, last.sentence)

    call_date = call.transcript.date
    due = when.date if when is not None else None
    if due is not None and call_date is not None and due < call_date:
        due = None
    readings: list[tuple[SentenceSpan, str | None]] = [(what, when.text if when else None)]
    if other is not None:
        readings.append((other, when.text if when else None))
    return NextStep(
        text=what.text,
        turn=last.quote.turn,
        owner=_owner_name(call, last, cues, readings),
        due=due,
        due_text=when.text if when is not None else None,
    )
