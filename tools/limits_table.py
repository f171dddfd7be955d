"""Print the Markdown table of every bounded number of every file format, from the JSON Schemas
(so from the pydantic models): ``python tools/limits_table.py``. docs/formats.md carries its
output between the ``limits-table`` markers; a test checks the two agree, and
``python tools/limits_table.py --write`` puts the current table there."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from simulator.scenario.common import LIMITS_KEY
from simulator.scenario.schemas import FORMATS, schema_document

BEGIN, END = "<!-- limits-table begin -->", "<!-- limits-table end -->"


def _bound(node: dict[str, Any], inclusive: str, exclusive: str) -> str:
    if inclusive in node:
        return f"{node[inclusive]:g}"
    if exclusive in node:
        return f"{'>' if exclusive.endswith('Minimum') else '<'} {node[exclusive]:g}"
    return ""


def _numbers(node: Any, where: str) -> list[tuple[str, dict[str, Any]]]:
    """(field name, schema) of every number below ``node``, named as in the file."""
    found: list[tuple[str, dict[str, Any]]] = []
    if not isinstance(node, dict):
        return found
    if node.get("type") in ("number", "integer") and LIMITS_KEY in node:
        found.append((where, node))
    for key, child in node.get("properties", {}).items():
        found += _numbers(child, f"{where}.{key}" if where else key)
    for child in node.get("patternProperties", {}).values():
        found += _numbers(child, f"{where}.<id>")
    for index, child in enumerate(node.get("prefixItems", [])):
        found += _numbers(child, f"{where}[{index}]")
    if isinstance(node.get("items"), dict):
        found += _numbers(node["items"], f"{where}[]")
    for child in node.get("anyOf", []):
        found += _numbers(child, where)
    return found


def limits_table() -> str:
    """One row per bound: fields sharing it (``t_s`` of every action) are listed together, and a
    model embedded in several formats (actions in scenarios, plans and attempts) appears once."""
    groups: dict[tuple[str, str, str, str], tuple[list[str], list[str]]] = {}
    for name in FORMATS:
        document = schema_document(name)
        models = {"file": document, **document.get("$defs", {})}
        for model_name, model in models.items():
            label = f"{name} file" if model_name == "file" else model_name
            for field, node in _numbers(model, ""):
                low = _bound(node, "minimum", "exclusiveMinimum")
                high = _bound(node, "maximum", "exclusiveMaximum")
                why = str(node[LIMITS_KEY]).replace("|", "/")
                formats, owners = groups.setdefault((field, low, high, why), ([], []))
                if name not in formats:
                    formats.append(name)
                if label not in owners:
                    owners.append(label)
    rows = ["| field | in | min | max | why |", "|---|---|---|---|---|"]
    for (field, low, high, why), (formats, owners) in sorted(
        groups.items(), key=lambda item: (list(FORMATS).index(item[1][0][0]), item[0][0])
    ):
        where = ", ".join(owners) + f" ({', '.join(formats)})"
        rows.append(f"| `{field}` | {where} | {low} | {high} | {why} |")
    return "\n".join(rows)


DOC = Path(__file__).resolve().parents[1] / "docs" / "formats.md"


def write_into_doc(doc: Path = DOC) -> None:
    text = doc.read_text(encoding="utf-8")
    head, rest = text.split(BEGIN, 1)
    tail = rest.split(END, 1)[1]
    doc.write_text(f"{head}{BEGIN}\n{limits_table()}\n{END}{tail}", encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1:] == ["--write"]:
        write_into_doc()
    else:
        print(limits_table())
