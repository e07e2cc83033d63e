"""The ERP's files: rows read from CSV or JSON Lines (the same columns in both), refusals that
say where and why, and the export written in one piece.

Rows keep their file and line so that every refusal names them (``shipments.csv:7``). Column
names are matched without case and surrounding spaces; columns we do not know are reported as
ignored (an ERP's exports often carry more), never silently dropped from a typo's view.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from centra_bridge.erp._options import ErpError

__all__ = ["FORMATS", "Refusal", "Row", "detect_format", "read_rows", "write_records"]

FORMATS = ("jsonl", "csv")
_SUFFIXES = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}


@dataclass(frozen=True, slots=True)
class Row:
    file: str
    line: int
    values: dict[str, str]

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"

    def get(self, name: str) -> str:
        return self.values.get(name, "").strip()


@dataclass(frozen=True, slots=True)
class Refusal:
    """A row (or a group of rows) that was not applied: where, which ERP id, why, what to do."""

    where: str
    key: str
    reason: str
    hint: str

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}; {self.hint}"


def detect_format(path: Path, fmt: str | None) -> str:
    if fmt is not None:
        if fmt not in FORMATS:
            msg = f"Unknown format {fmt!r}"
            raise ErpError(msg, hint=f"Use one of {', '.join(FORMATS)}.")
        return fmt
    found = _SUFFIXES.get(path.suffix.lower())
    if found is None:
        msg = f"{path}: cannot tell the format from the name"
        raise ErpError(msg, hint="Name it .csv or .jsonl, or pass --format csv|jsonl.")
    return found


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):  # a JSON list in a cell that takes several: "S|M|L"
        return "|".join(map(_text, value))
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _not_a_row(where: str, reason: str) -> Refusal:
    return Refusal(where, "", reason, 'write one JSON object per line: {"order_number": 1042, ...}')


def read_rows(
    path: Path, columns: Iterable[str], *, required: Iterable[str], fmt: str | None = None
) -> tuple[list[Row], list[Refusal], list[str]]:
    """The file's rows, the lines that are not rows (bad JSON), and the ignored columns.

    A CSV header without a ``required`` column refuses the whole file; in JSON Lines each
    object may leave out what it does not need, so missing values are refused per row later.
    """
    fmt = detect_format(path, fmt)
    known, needed = set(columns), set(required)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        msg = f"{path} does not exist"
        raise ErpError(msg, hint="Check the path of the file to import.") from None
    except (OSError, UnicodeDecodeError) as exc:
        msg = f"{path} cannot be read: {exc}"
        raise ErpError(msg, hint="Import a UTF-8 text file (CSV or JSON Lines).") from None
    name = path.name
    rows: list[Row] = []
    bad: list[Refusal] = []
    seen: set[str] = set()
    if fmt == "csv":
        first = text.partition("\n")[0]
        # Spreadsheets set to a decimal comma write ";" between fields.
        delimiter = ";" if first.count(";") > first.count(",") else ","
        reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
        header = [(h or "").strip().lower() for h in reader.fieldnames or []]
        missing = sorted(needed - set(header))
        if missing:
            msg = f"{path} has no column {', '.join(missing)}"
            raise ErpError(
                msg, hint=f"Its first line must name the columns, e.g. {','.join(sorted(needed))}."
            )
        reader.fieldnames = header
        for record in reader:
            values = {k: _text(v) for k, v in record.items() if k is not None}
            rows.append(Row(name, reader.line_num, values))
        seen = set(header)
    else:
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                bad.append(_not_a_row(f"{name}:{number}", f"not JSON ({exc.msg})"))
                continue
            if not isinstance(record, dict):
                bad.append(_not_a_row(f"{name}:{number}", "not a JSON object"))
                continue
            values = {str(k).strip().lower(): _text(v) for k, v in record.items()}
            seen |= set(values)
            rows.append(Row(name, number, values))
    return rows, bad, sorted(seen - known)


def write_records(path: Path, fmt: str, records: list[dict[str, Any]], columns: list[str]) -> None:
    """Write the file in one piece: a reader (the ERP's pick-up job) never sees half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    with partial.open("w", encoding="utf-8", newline="") as handle:
        if fmt == "csv":
            writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
            writer.writeheader()
            writer.writerows(records)
        else:
            for record in records:
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    partial.replace(path)
