"""One error type for every file the program reads, so that every message names the file,
the JSON path inside it and the reason, on one line each."""

from __future__ import annotations

import json
import math
import os
import re
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one file: where (JSON path) and why."""

    file: str
    json_path: str
    reason: str

    def __str__(self) -> str:
        return f"{shorten(self.file)}: {shorten(self.json_path)}: {self.reason}"


MAX_SHOWN_CHARS = 200
"""A 5000-character file name or a path 64 levels deep stays readable on one line."""


def shorten(text: str, limit: int = MAX_SHOWN_CHARS) -> str:
    """``text`` cut in the middle when longer than ``limit``: both ends are the telling parts."""
    if len(text) <= limit:
        return text
    keep = (limit - 1) // 2
    return f"{text[:keep]}…{text[-keep:]}"


class UserInputError(ValueError):
    """Something the user asked for cannot be done; the message says what and why."""


class FileFormatError(ValueError):
    """A file could not be read as the format it claims to be. Holds every problem found."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def single(cls, file: str | Path, json_path: str, reason: str) -> FileFormatError:
        return cls([Problem(str(file), json_path, reason)])


class UnreadableFileError(FileFormatError):
    """The path itself is wrong (absent, a folder, a device, unreadable), not the file's content:
    the command line named something that is not a file, so commands exit 2 rather than 1."""


def json_path_of(location: Iterable[str | int]) -> str:
    """Render a pydantic error location as a JSON path: ``$.segments[3].radius_mm``."""
    path = "$"
    for part in location:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}"
    return path


def problems_from_validation(file: str | Path, error: ValidationError) -> list[Problem]:
    problems = []
    for item in error.errors():
        reason = item["msg"]
        if item["type"] == "extra_forbidden":
            reason = "unknown field (misspelt, or not part of this format)"
        elif item["type"] == "missing":
            reason = "required field is missing"
        problems.append(Problem(str(file), json_path_of(item["loc"]), reason))
    return problems


MAX_FILE_BYTES = 20 * 1024 * 1024
"""[E] The largest shipped file (the atlas) is under 200 kB; a hundred times that is still far
above any hand-written scenario, and reading more would only fill the memory."""

MAX_JSON_DEPTH = 64
"""[E] The deepest shipped file nests 7 levels. Python's json module recurses once per level and
fails with a RecursionError near 1000; 64 refuses silly nesting long before that."""

MAX_INTEGER_DIGITS = 30
"""[E] No count in any format has more than a few digits; Python refuses to convert more than
4300 digits anyway, with an error that would name neither the file nor the place."""

_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")

_DEPTH_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"(\s*:)?|[\[\]{},]')
"""Strings (with a ``:`` after them when they are object keys), brackets and commas: enough to
follow the nesting, and the JSON path to it, without parsing."""


def _nesting_within_limit(text: str) -> bool:
    """Quick test, at C speed: strings dropped, then only brackets kept, then the innermost
    ``[]`` and ``{}`` pairs removed MAX_JSON_DEPTH times; anything left is nested deeper (or
    unbalanced, which the slow scan and then the parser report)."""
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    for _ in range(MAX_JSON_DEPTH):
        if not brackets:
            return True
        shorter = brackets.replace("[]", "").replace("{}", "")
        if shorter == brackets:
            return False
        brackets = shorter
    return not brackets


def _too_deep(text: str) -> str | None:
    """The JSON path of the first value nested deeper than MAX_JSON_DEPTH, or None.

    Done by scanning the text, not by parsing it: the parser would hit Python's recursion limit
    on the very file this is meant to refuse."""
    if _nesting_within_limit(text):
        return None
    stack: list[list[Any]] = []  # per open container: [kind, index or last key]
    for match in _DEPTH_TOKENS.finditer(text):
        token = match.group(0)
        if token.startswith('"'):
            if match.group(1) and stack and stack[-1][0] == "{":
                stack[-1][1] = token[: match.start(1) - match.start()][1:-1]
            continue
        if token in "[{":
            if len(stack) == MAX_JSON_DEPTH:
                return json_path_of(item[1] for item in stack if item[1] is not None)
            stack.append([token, 0 if token == "[" else None])
        elif token in "]}":
            if stack:
                stack.pop()
        elif stack and stack[-1][0] == "[":
            stack[-1][1] += 1
    return None


class _NonFinite:
    """Stands in for a number JSON should not hold, so its path can be reported after parsing."""

    def __init__(self, token: str, reason: str):
        self.token, self.reason = token, reason


class _DuplicateKeys(dict):  # type: ignore[type-arg]
    """An object that named some key twice; plain json would keep the last value silently."""

    duplicates: list[str]


def _parse_float(token: str) -> float | _NonFinite:
    value = float(token)
    if math.isfinite(value):
        return value
    return _NonFinite(token, "too large for a finite number")


def _parse_int(token: str) -> int | _NonFinite:
    if len(token.lstrip("-")) > MAX_INTEGER_DIGITS:
        return _NonFinite(token[:12] + "…", f"more than {MAX_INTEGER_DIGITS} digits")
    return int(token)


def _parse_constant(token: str) -> _NonFinite:
    return _NonFinite(token, "not a number JSON allows (NaN and Infinity are not JSON)")


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    duplicates = []
    for key, value in pairs:
        if key in result and key not in duplicates:
            duplicates.append(key)
        result[key] = value
    if duplicates:
        marked = _DuplicateKeys(result)
        marked.duplicates = duplicates
        return marked
    return result


def _suspicious(node: object, path: list[str | int], found: list[tuple[str, str]]) -> None:
    """Collect (JSON path, reason) of every non-finite number and duplicate key below ``node``.
    Recursion is bounded: the text was checked for depth before parsing."""
    if isinstance(node, _NonFinite):
        found.append((json_path_of(path), f"{node.token} is {node.reason}"))
    elif isinstance(node, dict):
        if isinstance(node, _DuplicateKeys):
            for key in node.duplicates:
                found.append((json_path_of([*path, key]), "key appears twice in the same object"))
        for key, value in node.items():
            _suspicious(value, [*path, key], found)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            _suspicious(value, [*path, index], found)


def parse_json_text(text: str, file: str | Path) -> object:
    """Strict JSON: no NaN or Infinity (not even as 1e999), no duplicate keys, no nesting deeper
    than MAX_JSON_DEPTH, and every problem as a FileFormatError with its JSON path."""
    deep_at = _too_deep(text)
    if deep_at is not None:
        raise FileFormatError.single(
            file, deep_at, f"nested deeper than {MAX_JSON_DEPTH} levels of objects and arrays"
        )
    flagged: list[object] = []  # anything suspicious met while parsing; the tree is walked then

    def noted(hook: Any) -> Any:
        def hooked(value: Any) -> Any:
            result = hook(value)
            if isinstance(result, _NonFinite | _DuplicateKeys):
                flagged.append(result)
            return result

        return hooked

    try:
        data = json.loads(
            text,
            parse_float=noted(_parse_float),
            parse_int=noted(_parse_int),
            parse_constant=noted(_parse_constant),
            object_pairs_hook=noted(_pairs),
        )
    except json.JSONDecodeError as exc:
        raise FileFormatError.single(
            file, "$", f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        ) from None
    except RecursionError:  # depth was checked above; kept so no file can end in a traceback
        raise FileFormatError.single(file, "$", "nested too deeply to read") from None
    if not flagged:
        return data
    found: list[tuple[str, str]] = []
    _suspicious(data, [], found)
    if found:
        raise FileFormatError([Problem(str(file), path, reason) for path, reason in found])
    return data


def read_json(path: str | Path) -> object:
    """Read a JSON file strictly (see :func:`parse_json_text`); I/O problems, a file too large
    and syntax errors become a one-line FileFormatError."""
    path = Path(path)
    try:
        # Non-blocking, so a named pipe given as a file is refused instead of waiting for a writer.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(descriptor, "rb") as stream:
            if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
                raise UnreadableFileError.single(path, "$", "is not a regular file")
            raw = stream.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise UnreadableFileError.single(path, "$", "file not found") from None
    except IsADirectoryError:
        raise UnreadableFileError.single(path, "$", "is a folder, not a file") from None
    except OSError as exc:
        raise UnreadableFileError.single(path, "$", f"cannot be read ({exc.strerror})") from None
    except UnicodeEncodeError:  # a name the file system cannot spell
        raise UnreadableFileError.single(path, "$", "is not a valid file name") from None
    except ValueError as exc:  # a NUL byte in the name; our own UnreadableFileError passes
        if isinstance(exc, FileFormatError):
            raise
        raise UnreadableFileError.single(path, "$", "is not a valid file name") from None
    if len(raw) > MAX_FILE_BYTES:
        raise FileFormatError.single(
            path, "$", f"larger than {MAX_FILE_BYTES // (1024 * 1024)} MB; not a file of ours"
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise FileFormatError.single(path, "$", "not a text file (expected UTF-8 JSON)") from None
    return parse_json_text(text, path)
