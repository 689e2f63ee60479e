"""The human-readable terminal report (rich).  Rendering only, no analysis."""

from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from analyzer.model import CallReport, EvidenceRef, Finding

LABEL_STYLE = {
    "commitment": "bold green",
    "stall": "bold yellow",
    "decline": "bold red",
    "giveaway": "bold magenta",
}
DECISION_STYLE = {
    "advance": "bold green",
    "decline": "bold red",
    "no_decision": "bold yellow",
    "regress": "bold red",
}


def clock(seconds: float | None) -> str:
    """``mm:ss`` or ``h:mm:ss``; an empty string when the time is unknown."""
    if seconds is None:
        return ""
    total = int(seconds)
    h, rest = divmod(total, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m:02d}:{s:02d}"


def _where(turn: int, time: float | None, speaker: str | None) -> str:
    stamp = f"{clock(time)} " if time is not None else ""
    return f"turn {turn} {stamp}{speaker or ''}".strip()


def _evidence_line(ref: EvidenceRef) -> Text:
    line = Text("  ")
    line.append(_where(ref.turn, ref.time, ref.speaker), style="dim")
    line.append(": ")
    line.append(f"\u201c{ref.quote}\u201d", style="italic")
    if ref.reason:
        line.append(f"  ({ref.reason})", style="dim")
    return line


def _header(report: CallReport) -> Group:
    t = report.transcript
    m = report.score.metrics
    bits = [t.format, t.date.isoformat() if t.date else "no date", f"{len(t.turns)} turns"]
    if m.duration_seconds:
        bits.append(clock(m.duration_seconds))
    title = Text()
    title.append(t.source, style="bold")
    title.append(f"  ({', '.join(bits)})", style="dim")
    lines: list[Text] = [title]
    for r in t.speaker_roles:
        line = Text("  ")
        line.append(r.speaker, style="bold")
        line.append(f"  {r.role}", style="cyan" if r.role == "seller" else "blue")
        line.append(f"  via {r.source}", style="dim")
        if r.reasons:
            line.append(f": {'; '.join(r.reasons[:2])}", style="dim")
        lines.append(line)
    return Group(*lines)


def _decision(report: CallReport) -> Group:
    s = report.score
    d = s.decision
    head = Text("Decision  ", style="bold")
    head.append(d.value.replace("_", " "), style=DECISION_STYLE[d.value])
    head.append("  (decision reached)" if d.reached else "  (no decision reached)", style="dim")
    parts: list[Text] = [head]
    if d.rationale:
        parts.append(Text(f"  {d.rationale}"))
    parts.extend(_evidence_line(e) for e in d.evidence[:4])
    ns = s.next_step
    step = Text("Next step ", style="bold")
    if ns is None:
        step.append("none agreed", style="yellow")
    else:
        step.append(f"\u201c{ns.text}\u201d")
        due = ns.due.isoformat() if ns.due else "no date"
        extra = f" from \u201c{ns.due_text}\u201d" if ns.due_text else ""
        step.append(f"  owner: {ns.owner or '?'}, due: {due}{extra}, turn {ns.turn}", style="dim")
    parts.append(step)
    return Group(*parts)


def _led_by(report: CallReport) -> Group:
    lb = report.score.led_by
    head = Text("Led by    ", style="bold")
    head.append(lb.value, style="bold cyan" if lb.value == "seller" else "bold blue")
    head.append(f"  {lb.score}/100 (100 = seller led fully, 0 = prospect led)", style="dim")
    table = Table(box=None, show_header=False, padding=(0, 1), pad_edge=False)
    table.add_column(style="bold", no_wrap=True)
    table.add_column(justify="right", no_wrap=True)
    table.add_column()
    for c in lb.components:
        pts = Text(f"{c.points:+.0f}", style="green" if c.points > 0 else "red" if c.points else "")
        table.add_row(f"  {c.name.replace('_', ' ')}", pts, c.detail)
    return Group(head, table)


def _findings(findings: tuple[Finding, ...]) -> Group:
    # One block per finding (a header line, then the quote) reads well at any terminal width;
    # a table squeezes the quote out first on a narrow one.
    lines: list[Text] = [Text(f"Findings ({len(findings)})", style="bold")]
    for f in sorted(findings, key=lambda f: (f.turn, f.start_char)):
        head = Text("  ")
        head.append(f"{f.label:<10}", style=LABEL_STYLE[f.label])
        head.append(f" {f.score:.2f}  ")
        head.append(_where(f.turn, f.time, f.speaker), style="bold")
        head.append(f"  [{f.rule or f.model or f.source}]", style="dim")
        lines.append(head)
        lines.append(Text(f"      \u201c{f.quote}\u201d", style="italic"))
    if not findings:
        lines.append(Text("  none", style="dim"))
    return Group(*lines)


def _metrics(report: CallReport) -> Table:
    m = report.score.metrics
    table = Table(title=f"Interaction (talk by {m.basis})", title_justify="left")
    table.add_column("")
    table.add_column("seller", justify="right")
    table.add_column("prospect", justify="right")

    def mono(seconds: float | None, words: int) -> str:
        return f"{clock(seconds)} ({words} words)" if seconds is not None else f"{words} words"

    table.add_row("talk ratio", f"{m.seller.talk_ratio:.0%}", f"{m.prospect.talk_ratio:.0%}")
    table.add_row("turns", str(m.seller.turns), str(m.prospect.turns))
    table.add_row("questions asked", str(m.seller.questions), str(m.prospect.questions))
    table.add_row(
        "longest monologue",
        mono(m.seller.longest_monologue_seconds, m.seller.longest_monologue_words),
        mono(m.prospect.longest_monologue_seconds, m.prospect.longest_monologue_words),
    )
    patience = f"{m.patience_seconds:.1f}s" if m.patience_seconds is not None else "n/a (no times)"
    table.caption = f"interactivity {m.interactivity_score:.1f}/10, seller patience {patience}"
    return table


def render(report: CallReport, console: Console) -> None:
    """Print one report."""
    console.print(Panel(_header(report), title="callscore", title_align="left"))
    console.print(_decision(report))
    console.print(_led_by(report))
    console.print(_findings(report.findings))
    console.print(_metrics(report))
    for w in report.transcript.warnings:
        console.print(Text(f"warning: {w}", style="yellow"))
