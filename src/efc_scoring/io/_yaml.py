"""YAML reading that never guesses a type, refuses duplicate keys, bounds aliases and depth.

Every YAML file the library reads (tender, offers, progress plans, reviews) goes
through :func:`read_yaml`, which differs from ``yaml.safe_load`` on purpose:

- **No YAML 1.1 coercion.** A plain scalar stays the text that was typed,
  except ``true``/``false`` (booleans), ``null``/``~``/empty (nothing) and the
  merge key ``<<``. The model of the file then reads each field as what it is:
  a number through the one number parser (which refuses ``010``, ``0x1F``,
  ``1_000``, ``1e309``, ``1:30`` with the line), a date as an ISO date, and a
  text stays text, so ``yes``, ``no``, ``on``, ``NO`` or ``010`` in a label or an
  identifier are kept as written instead of becoming ``True``, ``False`` or 8.
- **Duplicate keys are refused** with both lines: YAML loaders otherwise keep
  the last value silently (two answers to one question, two figures).
- **Bounded**: a file of more than :data:`MAX_YAML_BYTES` bytes, nesting deeper
  than :data:`MAX_DEPTH` levels, or aliases that would expand the document
  beyond :data:`MAX_NODES` nodes or :data:`MAX_CHARS` characters of text (the
  « billion laughs » of nested anchors) are refused from the stream of parser
  events, before anything is built, in time and memory proportional to the
  file's size.

Every problem carries the file and the line.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from efc_scoring.errors import ErrorCode, Problem

__all__ = [
    "MAX_CHARS",
    "MAX_DEPTH",
    "MAX_NODES",
    "MAX_YAML_BYTES",
    "YamlDoc",
    "read_yaml",
    "yaml_problems",
]

#: Largest YAML file read (bytes).
MAX_YAML_BYTES = 16 * 1024 * 1024
#: Deepest nesting of mappings and sequences.
MAX_DEPTH = 64
#: Most nodes of the document once its aliases are expanded.
MAX_NODES = 200_000
#: Most characters of text of the document once its aliases are expanded.
MAX_CHARS = 64 * 1024 * 1024


class YamlDoc:
    """A parsed YAML document, its node tree (to find the line of a path) and its problems.

    ``data`` is ``None`` when the file could not be read at all; ``problems``
    then says why. Duplicate keys leave ``data`` readable (the first value is
    kept) and are listed in ``problems``.
    """

    def __init__(
        self,
        file: str,
        data: Any,
        root: yaml.Node | None,
        problems: list[Problem] | None = None,
    ) -> None:
        self.file = file
        self.data = data
        self.root = root
        self.problems: list[Problem] = list(problems or [])

    @property
    def ok(self) -> bool:
        """Whether the document was read (possibly with duplicate keys to fix)."""
        return self.root is not None

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


# ----------------------------------------------------------------- the loader
class _Resolver(yaml.resolver.BaseResolver):
    """Resolves only booleans, null and the merge key: every other plain scalar is text."""


_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:null",
    re.compile(r"^(?:~|null|Null|NULL|)$"),
    ["~", "n", "N", ""],
)
_Resolver.add_implicit_resolver("tag:yaml.org,2002:merge", re.compile(r"^(?:<<)$"), ["<"])


class _Constructor(yaml.constructor.SafeConstructor):
    """Safe constructor that records duplicate keys instead of keeping the last value."""

    def __init__(self) -> None:
        super().__init__()
        self.duplicates: list[tuple[str, int, int]] = []

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[str, int] = {}
        keep: list[tuple[yaml.Node, yaml.Node]] = []
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.tag != "tag:yaml.org,2002:merge":
                line = key_node.start_mark.line + 1
                if key_node.value in seen:
                    self.duplicates.append((key_node.value, seen[key_node.value], line))
                    continue  # the first value is kept; the file is refused anyway
                seen[key_node.value] = line
            keep.append((key_node, value_node))
        node.value = keep
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_bool(self, node: yaml.ScalarNode) -> bool:
        return node.value.lower() == "true"


if getattr(yaml, "__with_libyaml__", False):  # libyaml's parser when PyYAML was built with it
    _Parser: Any = yaml._yaml.CParser  # what yaml.cyaml's loaders are built on
    _EventLoader: Any = yaml.CSafeLoader

    class _Loader(_Parser, _Constructor, _Resolver):
        def __init__(self, stream: str) -> None:
            _Parser.__init__(self, stream)
            _Constructor.__init__(self)
            _Resolver.__init__(self)

else:  # pragma: no cover - PyYAML built without libyaml
    _EventLoader = yaml.SafeLoader

    class _Loader(  # type: ignore[no-redef]
        yaml.reader.Reader,
        yaml.scanner.Scanner,
        yaml.parser.Parser,
        yaml.composer.Composer,
        _Constructor,
        _Resolver,
    ):
        def __init__(self, stream: str) -> None:
            yaml.reader.Reader.__init__(self, stream)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)
            yaml.composer.Composer.__init__(self)
            _Constructor.__init__(self)
            _Resolver.__init__(self)


# types-PyYAML binds a constructor to its own loader classes; ours is assembled from the same parts
_Loader.add_constructor("tag:yaml.org,2002:bool", _Constructor.construct_yaml_bool)  # type: ignore[type-var]
for _tag in ("int", "float", "timestamp"):
    # an explicit tag (`!!int 3`) gives the text too: the model reads numbers and dates
    _Loader.add_constructor(f"tag:yaml.org,2002:{_tag}", _Constructor.construct_yaml_str)  # type: ignore[type-var]


# ------------------------------------------------------------------- bounds
class _Bound(Exception):
    def __init__(self, line: int, message: str, fix: str) -> None:
        self.line, self.message, self.fix = line, message, fix
        super().__init__(message)


def _check_bounds(text: str) -> None:
    """Walk the parser's events once: refuse deep nesting and alias expansion beyond bounds.

    Each anchored node's expanded size (nodes, characters) is computed when the
    node ends; an alias adds that size to its parent without building anything.
    """
    sizes: dict[str, tuple[int, int]] = {}
    stack: list[list[Any]] = []  # per open node: [anchor, nodes, chars] of its subtree
    total_nodes = total_chars = 0

    def grow(nodes: int, chars: int, line: int) -> None:
        nonlocal total_nodes, total_chars
        if stack:
            stack[-1][1] += nodes
            stack[-1][2] += chars
        total_nodes += nodes
        total_chars += chars
        if total_nodes > MAX_NODES or total_chars > MAX_CHARS:
            raise _Bound(
                line,
                f"les alias (*nom) de ce fichier le développent au-delà de {MAX_NODES} "
                f"éléments ou de {MAX_CHARS // 2**20} Mio de texte",
                "écrire les valeurs sans ancres (&nom) ni alias, ou vérifier que le fichier "
                "est bien celui attendu",
            )

    for event in yaml.parse(text, Loader=_EventLoader):
        line = event.start_mark.line + 1 if event.start_mark is not None else 0
        if isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            if len(stack) >= MAX_DEPTH:
                raise _Bound(
                    line,
                    f"imbrication trop profonde (plus de {MAX_DEPTH} niveaux)",
                    "vérifier l'indentation et les crochets ; un fichier de marché n'a pas "
                    "besoin de tant de niveaux",
                )
            grow(1, 0, line)
            stack.append([event.anchor, 1, 0])
        elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            anchor, nodes, chars = stack.pop()
            if anchor is not None:
                sizes[anchor] = (nodes, chars)
            if stack:  # the parent counted this node when it started: add its descendants
                stack[-1][1] += nodes - 1
                stack[-1][2] += chars
        elif isinstance(event, yaml.ScalarEvent):
            if event.anchor is not None:
                sizes[event.anchor] = (1, len(event.value))
            grow(1, len(event.value), line)
        elif isinstance(event, yaml.AliasEvent):
            grow(*sizes.get(event.anchor or "", (1, 0)), line)


def yaml_problems(exc: yaml.YAMLError, file: str) -> list[Problem]:
    """The French problem of a YAML syntax error, with its line."""
    mark = getattr(exc, "problem_mark", None)
    line = mark.line + 1 if mark is not None else None
    problem = getattr(exc, "problem", None) or str(exc)
    if "nesting depth" in str(problem):  # libyaml's own bound, met before ours
        return [
            Problem(
                file,
                "",
                f"imbrication trop profonde (plus de {MAX_DEPTH} niveaux)",
                "vérifier l'indentation et les crochets",
                line=line,
                code=ErrorCode.YAML_BOUND,
            )
        ]
    return [
        Problem(
            file,
            "",
            f"erreur de syntaxe YAML : {str(problem)[:200]}",
            "vérifier l'indentation et les guillemets autour de cette ligne",
            line=line,
            code=ErrorCode.YAML,
        )
    ]


def read_yaml(path: Path, display: str | None = None) -> YamlDoc:
    """Read a YAML file under the rules of the module's docstring.

    Never raises on the content of the file: a file that cannot be read gives a
    :class:`YamlDoc` whose ``data`` is ``None`` and whose ``problems`` say why,
    with the line; duplicate keys are listed in ``problems`` too.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "t.yaml"
    >>> _ = path.write_text("code: 010\\nlabel: no\\nweight: 40\\nlabel: yes\\n", encoding="utf-8")
    >>> doc = read_yaml(path)
    >>> doc.data
    {'code': '010', 'label': 'no', 'weight': '40'}
    >>> [(p.line, str(p.code)) for p in doc.problems]
    [(4, 'duplicate_key')]
    """
    name = display or str(path)

    def failed(message: str, fix: str, code: str, line: int | None = None) -> YamlDoc:
        return YamlDoc(name, None, None, [Problem(name, "", message, fix, line=line, code=code)])

    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return failed("fichier introuvable", "vérifier le chemin", "missing")
    if size > MAX_YAML_BYTES:
        return failed(
            f"fichier de {size / 2**20:.0f} Mio : un fichier YAML en compte au plus "
            f"{MAX_YAML_BYTES // 2**20}",
            "vérifier qu'il s'agit du bon fichier ; joindre les longs textes à part",
            "too_large",
        )
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return failed(
            f"le fichier n'est pas un texte UTF-8 (octet 0x{data[exc.start]:02X})",
            "l'enregistrer en UTF-8",
            "encoding",
            line=data.count(b"\n", 0, exc.start) + 1,
        )
    try:
        _check_bounds(text)
        loader = _Loader(text)
        try:
            root = loader.get_single_node()
            value = loader.construct_document(root) if root is not None else None
            duplicates = loader.duplicates
        finally:
            dispose = getattr(loader, "dispose", None)
            if dispose is not None:
                dispose()
    except _Bound as exc:
        return failed(exc.message, exc.fix, "yaml_bound", line=exc.line)
    except yaml.YAMLError as exc:
        return YamlDoc(name, None, None, yaml_problems(exc, name))
    except RecursionError:  # pragma: no cover - the depth bound comes first
        return failed(
            f"imbrication trop profonde (plus de {MAX_DEPTH} niveaux)",
            "vérifier l'indentation et les crochets",
            "yaml_bound",
        )
    problems = [
        Problem(
            name,
            "",
            f"clé « {_short(key)} » en double (déjà ligne {first}) : un lecteur YAML garderait "
            "la dernière valeur sans rien dire",
            "garder une seule fois cette clé, avec la bonne valeur",
            line=line,
            code=ErrorCode.DUPLICATE_KEY,
        )
        for key, first, line in duplicates
    ]
    return YamlDoc(name, value, root, problems)


def _short(text: str, limit: int = 60) -> str:
    clean = "".join(c if c.isprintable() else "�" for c in text[: limit + 1])
    return clean[:limit] + ("…" if len(clean) > limit else "")
