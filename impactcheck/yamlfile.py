"""Strict YAML loading that remembers where every value came from.

Rubrics and policy descriptions are written by people who are not programmers,
so every error must point at a file and a line. This module loads YAML with the
safe loader, rejects duplicate keys (which plain PyYAML silently overwrites),
and keeps a map from each value's path (``("criteria", 2, "weight")``) to its
line, so that schema errors found later can name the line too.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import UnionType
from typing import TYPE_CHECKING, Any, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from impactcheck.errors import ImpactcheckError

if TYPE_CHECKING:
    import yaml

Location = tuple[str | int, ...]
M = TypeVar("M", bound=BaseModel)

# A YAML file with aliases can describe exponentially many values in a few
# lines ("billion laughs"). Rubrics and policy files are small: refuse any
# document that expands to more values than this.
MAX_YAML_VALUES = 200_000
# Nesting is checked before the document is built: building it recurses once per
# level (in libyaml's C code, where tens of thousands of "[" crash the interpreter).
# A rubric needs six levels.
MAX_YAML_DEPTH = 100


@dataclass(frozen=True)
class YamlDocument:
    """The data of one YAML file and the line of each value in it."""

    path: Path
    data: Any
    lines: dict[Location, int] = field(default_factory=dict)

    def line_of(self, location: Iterable[str | int]) -> int | None:
        """Return the line of the value at ``location``, or of its nearest parent."""
        path = tuple(location)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), None)


@cache
def _strict_loader() -> Any:
    """A safe loader that refuses duplicate mapping keys (libyaml's when built with it).

    Made, and PyYAML imported, on first use: a run whose rubric comes from the
    cache and whose inputs are not YAML never needs them.
    """
    import yaml

    class StrictLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
        def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
            seen: dict[Any, int] = {}
            for key_node, _value_node in node.value:
                key = self.construct_object(key_node, deep=True)
                try:
                    hash(key)
                except TypeError:
                    continue  # the base class reports unhashable keys itself
                if key in seen:
                    raise yaml.constructor.ConstructorError(
                        "while reading a mapping",
                        node.start_mark,
                        f'the key "{key}" appears twice (first on line {seen[key]})',
                        key_node.start_mark,
                    )
                seen[key] = key_node.start_mark.line + 1
            return super().construct_mapping(node, deep=deep)

    return StrictLoader


def parse_yaml(text: str, path: Path, error: type[ImpactcheckError]) -> YamlDocument:
    """Parse YAML ``text`` read from ``path``; raise ``error`` naming the line on failure."""
    import yaml

    loader = None
    try:
        _check_depth(text, path, error)
        loader = _strict_loader()(text)
        node = loader.get_single_node()
        if node is not None:
            _check_size(node, path, error)
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        raise error(_describe_yaml_error(exc, path), _yaml_hint(exc)) from None
    except yaml.reader.ReaderError as exc:
        raise error(_describe_reader_error(exc, text, path), _READER_HINT) from None
    except yaml.YAMLError as exc:
        raise error(f"{path}: this is not valid YAML ({_one_line(exc)}).") from None
    finally:
        if loader is not None:
            loader.dispose()
    lines: dict[Location, int] = {}
    if node is not None:
        _index_lines(node, (), lines, set())
    return YamlDocument(path=path, data=data, lines=lines)


_READER_HINT = "Remove that character, or replace it with a space; YAML files are plain text."


def _describe_reader_error(exc: yaml.reader.ReaderError, text: str, path: Path) -> str:
    """A character YAML does not allow: name it and say where it is."""
    import yaml

    # (libyaml reports a byte position, so find the character again in the text)
    found = yaml.reader.Reader.NON_PRINTABLE.search(text)
    if found is None:
        return f"{path}: this is not valid YAML ({_one_line(exc)})."
    line = text.count("\n", 0, found.start()) + 1
    column = found.start() - (text.rfind("\n", 0, found.start()) + 1) + 1
    return (
        f"{path}:{line}:{column}: this is not valid YAML: the character "
        f"U+{ord(found.group()):04X} is not allowed (a control or non-printable character)."
    )


def _one_line(exc: Exception) -> str:
    """PyYAML's message, whose context it puts on lines of its own, on one line."""
    return " ".join(str(exc).split())


def _describe_yaml_error(exc: yaml.MarkedYAMLError, path: Path) -> str:
    mark = exc.problem_mark or exc.context_mark
    where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
    problem = exc.problem or "the YAML cannot be read"
    context = f" ({exc.context})" if exc.context and "appears twice" not in problem else ""
    return f"{where}: {problem}{context}."


def _yaml_hint(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or ""
    if "appears twice" in problem:
        return "Remove or rename one of the two entries."
    if "tab" in problem or "'\\t'" in problem:  # libyaml's wording, then PyYAML's
        return "YAML indentation must use spaces, not tabs."
    if "constructor for the tag" in problem:
        return "Remove the tag (the word starting with '!'): only plain YAML values are read."
    return (
        "Check the indentation and quoting on that line; text containing a colon "
        'followed by a space must be put in quotes ("...").'
    )


def _check_depth(text: str, path: Path, error: type[ImpactcheckError]) -> None:
    """Refuse YAML nested more than MAX_YAML_DEPTH levels, reading its events (no recursion)."""
    import yaml

    depth = 0
    try:
        for event in yaml.parse(text, Loader=_strict_loader()):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_YAML_DEPTH:
                    raise _too_deep(path, _line(event.start_mark), error)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.MarkedYAMLError as exc:
        # PyYAML 6.0.3+ has a nesting limit of its own, which its scanner can reach
        # while it looks ahead, before this loop sees the 101st level
        if "nesting depth" not in str(exc.problem):
            raise
        raise _too_deep(path, _line(exc.problem_mark), error) from None


def _line(mark: Any) -> int:
    """The 1-based line of a PyYAML mark (pure-Python or libyaml)."""
    return mark.line + 1 if mark is not None else 1


def _too_deep(path: Path, line: int, error: type[ImpactcheckError]) -> ImpactcheckError:
    return error(
        f"{path}:{line}: the YAML is nested more than {MAX_YAML_DEPTH} levels deep.",
        "Look for brackets that are opened and never closed; rubrics and policy "
        "descriptions need only a few levels.",
    )


def _check_size(root: yaml.Node, path: Path, error: type[ImpactcheckError]) -> None:
    """Refuse YAML whose aliases expand to more than MAX_YAML_VALUES values."""
    import yaml

    sizes: dict[int, int] = {}

    def size(node: yaml.Node) -> int:
        if id(node) in sizes:
            return sizes[id(node)]
        sizes[id(node)] = 1  # guards against recursive aliases
        total = 1
        if isinstance(node, yaml.MappingNode):
            total += sum(size(k) + size(v) for k, v in node.value)
        elif isinstance(node, yaml.SequenceNode):
            total += sum(size(item) for item in node.value)
        sizes[id(node)] = total
        return total

    if size(root) > MAX_YAML_VALUES:
        raise error(
            f"{path}: the YAML expands to more than {MAX_YAML_VALUES:,} values "
            "(probably through nested aliases).",
            "Write the values out instead of nesting anchors and aliases.",
        )


def _index_lines(
    node: yaml.Node, path: Location, lines: dict[Location, int], seen: set[int]
) -> None:
    import yaml

    lines[path] = node.start_mark.line + 1
    if id(node) in seen:
        return  # an alias: its values were indexed where the anchor stands
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                _index_lines(value_node, (*path, key_node.value), lines, seen)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _index_lines(item, (*path, index), lines, seen)


def format_location(location: Iterable[str | int]) -> str:
    """Spell a value's path the way a YAML author reads it: ``criteria[2].weight``."""
    text = ""
    for part in location:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text or "(top level)"


# --------------------------------------------------------------------------- validation


def validate_model(
    model: type[M],
    document: YamlDocument,
    error: type[ImpactcheckError],
    hint: str,
    subject: str = "the file",
) -> M:
    """Validate YAML data against ``model``, turning errors into one clear message.

    ``hint`` says where the file's format is described; ``subject`` names the file's kind.
    """
    try:
        return model.model_validate(document.data)
    except ValidationError as exc:
        intro, problems = validation_problems(exc, document, model, subject)
        raise error(intro, hint, details=problems) from None


def explain_validation(
    exc: ValidationError, document: YamlDocument, model: type[BaseModel], subject: str
) -> str:
    """One line per problem: ``file:line: key.path: what is wrong``."""
    intro, problems = validation_problems(exc, document, model, subject)
    return intro + "\n  " + "\n  ".join(problems)


def validation_problems(
    exc: ValidationError, document: YamlDocument, model: type[BaseModel], subject: str
) -> tuple[str, list[str]]:
    """A sentence saying how many problems there are, and one line for each:
    ``file:line: key.path: what is wrong`` (an error's ``details``)."""
    problems = []
    for error in exc.errors(include_url=False):
        location = [part for part in error["loc"] if not _is_validator_tag(part)]
        cause = error.get("ctx", {}).get("error")
        location += list(getattr(cause, "location", ()))  # a check that knows its key
        line = document.line_of(location)
        where = f"{document.path}:{line}" if line else str(document.path)
        problems.append(f"{where}: {format_location(location)}: {_message(error, model, location)}")
    count = len(problems)
    intro = f"{subject} does not follow the expected format ({count} problem{'s' * (count != 1)}):"
    return intro, problems


def _is_validator_tag(part: str | int) -> bool:
    # pydantic adds tags such as "function-after[...]" to locations; readers don't need them
    return isinstance(part, str) and ("[" in part and part.endswith("]"))


def _message(error: Any, model: type[BaseModel], location: list[str | int]) -> str:
    kind = error["type"]
    if kind == "missing":
        return "this key is required but missing"
    if kind == "extra_forbidden":
        allowed = allowed_keys(model, location[:-1])
        suffix = f" (allowed here: {', '.join(allowed)})" if allowed else ""
        return f'unknown key "{location[-1]}"{suffix}'
    message = str(error["msg"])
    return message.removeprefix("Value error, ")


def allowed_keys(model: type[BaseModel], location: list[str | int]) -> list[str]:
    """Return the keys allowed at ``location`` inside ``model``, or [] when unknown."""
    current: Any = model
    for part in location:
        current = _strip_optional(current)
        origin = get_origin(current)
        if origin is list:
            current = get_args(current)[0]
        elif origin is dict:
            current = get_args(current)[1]
        elif isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(str(part))
            current = field.annotation if field else None
        else:
            return []
    current = _strip_optional(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _strip_optional(annotation: Any) -> Any:
    """Reduce ``X | None`` to ``X``."""
    if get_origin(annotation) in (Union, UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        return args[0] if len(args) == 1 else annotation
    return annotation
