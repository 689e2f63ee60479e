"""Read a YAML rules file and keep its line numbers for error messages.

PyYAML's composed node tree still knows where every value was written; we
walk it along a pydantic error location (``("rules", 3, "patterns", 0)``) so
a bad rules file fails with ``file:line`` pointing at the offending value.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from analyzer.errors import ConfigError

ModelT = TypeVar("ModelT", bound=BaseModel)


@dataclass(frozen=True, slots=True)
class YamlDocument:
    """A parsed YAML file: plain data plus the node tree that knows line numbers."""

    path: str
    data: Any
    root: yaml.Node | None

    def line_of(self, loc: Sequence[int | str]) -> int | None:
        """The 1-based line of the value at ``loc``, or of its nearest existing parent."""
        node = self.root
        if node is None:
            return None
        line = node.start_mark.line + 1
        for key in loc:
            child = _child(node, key)
            if child is None:
                break
            node = child
            line = node.start_mark.line + 1
        return line

    def fail(self, loc: Sequence[int | str], message: str) -> ConfigError:
        """A :class:`ConfigError` naming this file and the line of ``loc``."""
        return ConfigError(self.path, message, line=self.line_of(loc))


def _child(node: yaml.Node, key: int | str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == str(key):
                found: yaml.Node = value_node
                return found
        return None
    if isinstance(node, yaml.SequenceNode) and isinstance(key, int) and 0 <= key < len(node.value):
        child: yaml.Node = node.value[key]
        return child
    return None


if TYPE_CHECKING:  # pragma: no cover - typing only; CSafeLoader exists only with libyaml
    _Loader = type[yaml.SafeLoader] | type[yaml.CSafeLoader]


def _parse(text: str, loader_class: _Loader) -> tuple[yaml.Node | None, Any]:
    # One parse gives both the node tree (line numbers) and the data built from it,
    # exactly as `yaml.load` builds it.
    loader = loader_class(text)
    try:
        root: yaml.Node | None = loader.get_single_node()
        return root, (loader.construct_document(root) if root is not None else None)
    finally:
        loader.dispose()


#: libyaml's parser when PyYAML was built with it: about ten times faster than the
#: pure-Python one on the rules files, which are read on every start.
_FAST_LOADER: _Loader | None = getattr(yaml, "CSafeLoader", None)


def read_yaml(path: Path) -> YamlDocument:
    """Parse ``path``; unreadable files and YAML syntax errors raise :class:`ConfigError`."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(
            str(path),
            f"cannot read rules file: {exc}",
            fix="check the path, and save the file as UTF-8",
        ) from exc
    if _FAST_LOADER is not None:
        try:
            root, data = _parse(text, _FAST_LOADER)
            return YamlDocument(str(path), data, root)
        except yaml.YAMLError:
            pass  # let the pure-Python parser report it, so errors read as they always have
    try:
        root, data = _parse(text, yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or "invalid YAML"
        raise ConfigError(
            str(path),
            f"YAML syntax error: {problem}",
            line=line,
            fix="fix the indentation or quoting",
        ) from exc
    except yaml.YAMLError as exc:
        raise ConfigError(str(path), f"YAML error: {exc}") from exc
    return YamlDocument(str(path), data, root)


def validate(doc: YamlDocument, model: type[ModelT]) -> ModelT:
    """Validate a document against a pydantic model, failing on the first bad value's line."""
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = tuple(first["loc"])
        where = ".".join(str(part) for part in loc) or "(top level)"
        count = exc.error_count()
        more = f" (and {count - 1} more problem(s))" if count > 1 else ""
        raise doc.fail(loc, f"{where}: {first['msg']}{more}") from exc
