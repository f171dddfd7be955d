"""Strict JSON reading: every file the program opens is refused with file, JSON path and reason
when it holds NaN or Infinity, a key twice, silly nesting or silly size (issue 10)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from simulator.scenario.errors import (
    MAX_FILE_BYTES,
    FileFormatError,
    UnreadableFileError,
    parse_json_text,
    read_json,
)


def problem_of(text: str) -> str:
    with pytest.raises(FileFormatError) as caught:
        parse_json_text(text, "f.json")
    assert len(caught.value.problems) == 1
    return str(caught.value.problems[0])


@pytest.mark.parametrize(
    ("text", "path", "reason"),
    [
        ('{"a": NaN}', "$.a", "NaN is not a number JSON allows"),
        ('{"a": [0, Infinity]}', "$.a[1]", "Infinity is not"),
        ('{"a": {"b": -Infinity}}', "$.a.b", "-Infinity is not"),
        ('{"t_s": 1e400}', "$.t_s", "too large for a finite number"),
        ('{"n": ' + "9" * 5000 + "}", "$.n", "more than 30 digits"),
        ('{"a": 1, "b": {"c": 2, "c": 3}}', "$.b.c", "key appears twice"),
    ],
)
def test_values_json_should_not_hold_are_refused_at_their_path(text, path, reason):
    line = problem_of(text)
    assert line.startswith(f"f.json: {path}: ") and reason in line


def test_nesting_ten_thousand_deep_is_refused_without_recursion_error():
    line = problem_of('{"actions": ' + "[" * 10_000 + "]" * 10_000 + "}")
    assert "nested deeper than 64 levels" in line and line.startswith("f.json: $.actions[0][0]")


def test_brackets_inside_strings_do_not_count_as_nesting():
    assert parse_json_text('{"note": "' + "[{" * 100 + '\\""}', "f.json") == {
        "note": "[{" * 100 + '"'
    }


def test_sixty_four_levels_are_still_read():
    nested: object = []
    for _ in range(63):
        nested = [nested]
    assert parse_json_text("[" * 64 + "]" * 64, "f.json") == nested


def test_an_oversized_file_is_refused_before_parsing(tmp_path: Path):
    big = tmp_path / "big.json"
    with big.open("wb") as stream:
        stream.truncate(MAX_FILE_BYTES + 1)
    with pytest.raises(FileFormatError, match="larger than 20 MB"):
        read_json(big)


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda tmp: tmp, "is a folder, not a file"),
        (lambda tmp: tmp / "absent.json", "file not found"),
        (lambda tmp: Path("x" * 5000), "cannot be read"),
        (lambda tmp: Path("/dev/zero"), "is not a regular file"),
    ],
)
def test_a_path_that_is_not_a_readable_file_is_one_short_line(tmp_path, make, reason):
    with pytest.raises(UnreadableFileError) as caught:
        read_json(make(tmp_path))
    line = str(caught.value)
    assert reason in line and "\n" not in line and len(line) < 300


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_a_named_pipe_is_refused_instead_of_waiting_for_a_writer(tmp_path: Path):
    pipe = tmp_path / "pipe.json"
    os.mkfifo(pipe)
    with pytest.raises(UnreadableFileError, match="not a regular file"):
        read_json(pipe)
