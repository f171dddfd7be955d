"""One error type for every file the program reads, so that every message names the file,
the JSON path inside it and the reason, on one line each."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one file: where (JSON path) and why."""

    file: str
    json_path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}: {self.json_path}: {self.reason}"


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


def read_json(path: str | Path) -> object:
    """Read a JSON file, turning I/O and syntax errors into a one-line FileFormatError."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FileFormatError.single(path, "$", "file not found") from None
    except UnicodeDecodeError:
        raise FileFormatError.single(path, "$", "not a text file (expected UTF-8 JSON)") from None
    except OSError as exc:
        raise FileFormatError.single(path, "$", f"cannot be read ({exc.strerror})") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise FileFormatError.single(
            path, "$", f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        ) from None
