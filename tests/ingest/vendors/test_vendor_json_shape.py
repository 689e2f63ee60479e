"""The tolerant key-path scanner behind every JSON sniff, and the typed JSON accessors."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analyzer.errors import ParseError
from analyzer.ingest.vendors._json import Node, shape_of_text


@pytest.mark.parametrize(
    ("text", "root", "paths"),
    [
        ('{"a": 1}', "object", {"a"}),
        ('{"a": [{"b": 1, "c": {"d": []}}]}', "object", {"a", "a[].b", "a[].c", "a[].c.d"}),
        ('[{"x": 1}, {"y": 2}]', "array", {"[].x", "[].y"}),
        ('{"a": [[{"b": 1}]]}', "object", {"a", "a[][].b"}),
        # strings that look like structure are only values
        ('{"t": "{\\"no\\": [1,2]}: , ", "u": 2}', "object", {"t", "u"}),
        ('{"k\\u00e9y": 1}', "object", {"kéy"}),
        # truncated: mid-string, mid-array, after a key
        (
            '{"results": {"channels": [{"alternatives": [{"transcr',
            "object",
            {"results", "results.channels", "results.channels[].alternatives"},
        ),
        ('{"segments": [{"start": 0.1, "te', "object", {"segments", "segments[].start"}),
        ('{"a": ', "object", {"a"}),
        ("  \n {", "object", set()),
    ],
)
def test_key_paths(text: str, root: str, paths: set[str]) -> None:
    shape = shape_of_text(text)
    assert shape is not None
    assert shape.root == root
    assert shape.paths == paths


@pytest.mark.parametrize("text", ["", "WEBVTT", "speaker,text", '"just a string"', "42"])
def test_not_json_documents(text: str) -> None:
    assert shape_of_text(text) is None


@given(st.text(alphabet='{}[]":,\\ab1 ', max_size=60))
def test_scanner_never_raises_on_garbage(text: str) -> None:
    shape_of_text("{" + text)


@given(
    st.recursive(
        st.none() | st.integers() | st.text(max_size=5),
        lambda inner: (
            st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3)
        ),
        max_leaves=10,
    )
)
def test_every_prefix_of_valid_json_gives_a_subset_of_its_paths(value: object) -> None:
    import json

    text = json.dumps({"root": value})
    full = shape_of_text(text)
    assert full is not None and "root" in full.paths
    for cut in range(1, len(text)):
        partial = shape_of_text(text[:cut])
        assert partial is not None and partial.paths <= full.paths


@pytest.mark.parametrize(
    ("value", "expected"),
    [(1, 1.0), (2.5, 2.5), ("1.61", 1.61), ("0", 0.0)],
)
def test_number_accepts_numeric_strings(value: object, expected: float) -> None:
    assert Node(value, "$.x", "f.json").number() == expected


@pytest.mark.parametrize("value", [True, "soon", None, [1], {"a": 1}])
def test_number_rejects_the_rest(value: object) -> None:
    with pytest.raises(ParseError, match=r"^f\.json: at \$\.x: expected a number"):
        Node(value, "$.x", "f.json").number()


def test_paths_in_messages_follow_the_document() -> None:
    root = Node({"a": [{"b": None}]}, "$", "f.json")
    item = root.req("a").items()[0]
    assert item.where == "$.a[0]"
    assert item.get("b") is None  # null counts as absent
    with pytest.raises(ParseError, match=r"at \$\.a\[0\]: missing field 'b'"):
        item.req("b")
