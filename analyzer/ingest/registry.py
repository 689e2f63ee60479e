"""Every transcript format the analyzer reads, by stable name.

The registry is explicit (no discovery by reflection): each entry names the
module and attribute of its reader, imported only when that format is sniffed
or asked for, so a format's dependencies (python-docx...) cost nothing until a
file needs them.  Order matters only for ties in :func:`analyzer.ingest.detect_format`.
"""

from __future__ import annotations

import importlib
from functools import cache

from analyzer.ingest.base import Reader

#: format name -> "module:attribute" of its :class:`~analyzer.ingest.base.Reader`.
READERS: dict[str, str] = {
    # text-like formats (analyzer/ingest/text_formats.py, vtt.py, srt.py, gold.py)
    "gold-jsonl": "analyzer.ingest.gold:READER",
    "zoom-vtt": "analyzer.ingest.vtt:ZOOM_VTT",
    "teams-vtt": "analyzer.ingest.vtt:TEAMS_VTT",
    "vtt": "analyzer.ingest.vtt:GENERIC_VTT",
    "srt": "analyzer.ingest.srt:READER",
    "otter": "analyzer.ingest.text_formats:OTTER",
    "google-meet": "analyzer.ingest.text_formats:GOOGLE_MEET",
    "zoom-chat": "analyzer.ingest.text_formats:ZOOM_CHAT",
    "text": "analyzer.ingest.text_formats:PLAIN_TEXT",
    # vendor JSON / CSV / binary formats (analyzer/ingest/vendors/)
    "gong": "analyzer.ingest.vendors.gong:READER",
    "whisper": "analyzer.ingest.vendors.whisper:READER",
    "aws-transcribe": "analyzer.ingest.vendors.aws:TRANSCRIBE",
    "aws-call-analytics": "analyzer.ingest.vendors.aws:CALL_ANALYTICS",
    "deepgram": "analyzer.ingest.vendors.deepgram:READER",
    "assemblyai": "analyzer.ingest.vendors.assemblyai:READER",
    "revai": "analyzer.ingest.vendors.revai:READER",
    "fireflies": "analyzer.ingest.vendors.fireflies:READER",
    "csv": "analyzer.ingest.vendors.csv_table:READER",
    "teams-docx": "analyzer.ingest.vendors.docx:READER",
    "rttm": "analyzer.ingest.vendors.rttm:READER",
}


@cache
def get_reader(name: str) -> Reader:
    """The reader registered under ``name`` (imported on first use)."""
    module_name, _, attr = READERS[name].partition(":")
    module = importlib.import_module(module_name)
    reader: Reader = getattr(module, attr)
    return reader
