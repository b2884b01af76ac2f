"""YAML reading that remembers where every value came from (file and line)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from efc_scoring.errors import Problem

__all__ = ["YamlDoc", "read_yaml"]


class YamlDoc:
    """A parsed YAML document and its node tree, to find the line of a path."""

    def __init__(self, file: str, data: Any, root: yaml.Node | None) -> None:
        self.file = file
        self.data = data
        self.root = root

    def line_of(self, parts: tuple[str | int, ...]) -> int | None:
        """1-based line of the deepest node of ``parts`` that exists."""
        node = self.root
        if node is None:
            return None
        line = node.start_mark.line + 1
        for part in parts:
            child = _child(node, part)
            if child is None:
                break
            node = child
            line = node.start_mark.line + 1
        return line


def _child(node: yaml.Node, part: str | int) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == str(part):
                return value
    elif (
        isinstance(node, yaml.SequenceNode)
        and isinstance(part, int)
        and 0 <= part < len(node.value)
    ):
        return node.value[part]
    return None


class _SafeLoader(yaml.SafeLoader):
    """Safe loader that keeps dates and numbers as written where it matters."""


def _str_float(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> str:
    # Keep decimals as their text so that money stays exact (Decimal("14.10"), not 14.0999...).
    return loader.construct_scalar(node)


_SafeLoader.add_constructor("tag:yaml.org,2002:float", _str_float)


def read_yaml(path: Path, display: str | None = None) -> YamlDoc:
    """Read a YAML file safely; raise a :class:`Problem`-carrying error on bad syntax."""
    from efc_scoring.errors import TenderError

    name = display or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise TenderError(
            [
                Problem(
                    name,
                    "",
                    f"le fichier n'est pas un texte UTF-8 (octet {exc.start})",
                    "l'enregistrer en UTF-8",
                    code="encoding",
                )
            ]
        ) from None
    try:
        root = yaml.compose(text, Loader=_SafeLoader)
        data = yaml.load(text, Loader=_SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise TenderError(
            [
                Problem(
                    name,
                    "",
                    f"erreur de syntaxe YAML : {problem}",
                    "vérifier l'indentation et les guillemets autour de cette ligne",
                    line=line,
                    code="yaml",
                )
            ]
        ) from None
    return YamlDoc(name, data, root)
