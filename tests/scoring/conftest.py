from __future__ import annotations

import pytest

from analyzer.nlp import NLP, get_nlp


@pytest.fixture(scope="module")
def nlp() -> NLP:
    """The real spaCy pipeline, loaded once per test module."""
    return get_nlp()
