"""A settings file pasted or saved as text (YAML: a company's pay bands, a data file) read as lines of prose.

Each value is written after the keys it sits under ("Locations › London (GBP) › Ml engineer › L5 (Senior): min
GBP 80000, midpoint GBP 95000, max GBP 110000"), the way a nested list item is, so that a figure carries its
place, job and level. A block's currency or unit key ("currency: GBP", "unit: LPA") is its figures' money; a
mapping of codes to names ("L5: Senior") is a legend, and each code is followed by its name where it is a key.
A comment in words is kept as a sentence; a commented-out setting ("# L5 FY2023 (superseded): {...}") is not.
The nesting is read from indentation (each line keeps its comment, which a YAML parser drops); flow values
("{min: 48000, mid: 56000}", "[pytorch, spark]") are parsed by PyYAML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

KEY_LINE = re.compile(r"^(?P<indent>\s*)(?P<key>[\w][\w .\-/']*?)\s*:(?:\s+(?P<value>.*?))?\s*$")
ITEM_LINE = re.compile(r"^(?P<indent>\s*)-\s+(?P<value>.*?)\s*$")
COMMENT_LINE = re.compile(r"^\s*#(?P<text>.*)$")
RULE = re.compile(r"^[\s#=\-_*~]*$")
FLOW_VALUE = re.compile(r":\s*[\[{]")  # "# L5 FY2023 (superseded): {min: 76000, …}": a setting put out of use
CODE = re.compile(r"[A-Z]{1,3}\d{1,2}")  # "L5", "IC3", "E4": a company's level codes
BAND_WORDS = {"mid": "midpoint"}  # a pay band's {min, mid, max}: its "mid" is the midpoint, not a mid level
NAME = re.compile(r"[A-Za-z][A-Za-z /&-]{1,40}")  # a legend's name for a code: "Senior", "Staff / Lead"
MIN_AMOUNT = 1000  # "geo_differential: 1.05" in a GBP block is a factor, not pounds
MIN_KEYS = 8  # lines of "key: value" a run needs to be a settings file rather than a list of labels
SEPARATOR = " › "


@dataclass
class _Node:
    key: str
    value: str = ""
    comment: str = ""
    indent: int = -1
    children: list[_Node] = field(default_factory=list)


def config_text(text: str) -> str:
    """The text with each run of settings-file lines in it written as prose lines; other lines as they are."""
    lines = text.split("\n")
    out: list[str] = []
    k = 0
    while k < len(lines):
        end = k
        while end < len(lines) and _config_line(lines[end]):
            end += 1
        run = lines[k:end]
        if _is_config(run):
            out.extend(_rendered(run))
        else:
            out.extend(run or lines[k : k + 1])  # no part of a run is a settings file when the whole is not
        k = max(end, k + 1)
    return "\n".join(out)


def _config_line(line: str) -> bool:
    return (
        not line.strip()
        or bool(KEY_LINE.match(_uncommented(line)[0]) or ITEM_LINE.match(line))
        or bool(COMMENT_LINE.match(line))
    )


def _is_config(run: list[str]) -> bool:
    """A run of lines with enough keys, nested by indentation: a settings file, not "Role: ML Engineer" labels."""
    keyed = [m for x in run if not COMMENT_LINE.match(x) and (m := KEY_LINE.match(_uncommented(x)[0]))]
    indents = {len(m.group("indent")) for m in keyed}
    return len(keyed) >= MIN_KEYS and len(indents) >= 3


def _uncommented(line: str) -> tuple[str, str]:
    """A line and its trailing comment: "approved_headcount_total: 86   # headcount plan, NOT money"."""
    quoted = False
    for k, ch in enumerate(line):
        if ch in "\"'":
            quoted = not quoted
        elif ch == "#" and not quoted and k and line[k - 1].isspace():
            return line[:k].rstrip(), line[k + 1 :].strip()
    return line, ""


def _rendered(run: list[str]) -> list[str]:
    """A settings file's lines as items under their keys, its comments in words kept where they stood."""
    root = _Node("")
    stack = [root]
    out: list[tuple[_Node | None, str]] = []  # a node to render, or a comment in words, in the file's order
    for raw in run:
        comment = COMMENT_LINE.match(raw)
        if comment:
            said = comment.group("text").strip(" -")
            if said and not RULE.match(said) and not _set_aside(said):
                out.append((None, said))
            continue
        line, trailing = _uncommented(raw)
        m = KEY_LINE.match(line) or ITEM_LINE.match(line)
        if not m:
            continue
        indent = len(m.group("indent"))
        while len(stack) > 1 and stack[-1].indent >= indent:
            stack.pop()
        key = m.groupdict().get("key") or ""
        node = _Node(key, (m.group("value") or "").strip(), trailing if _in_words(trailing) else "", indent)
        stack[-1].children.append(node)
        stack.append(node)
        out.append((node, ""))
    legend = _legend(root)
    paths = _paths(root, [], "", "", legend)
    lines = []
    for node, said in out:
        if node is None:
            lines.append(said)
        elif node.value and id(node) in paths:
            lines.extend(f"- {x}" for x in paths[id(node)].split("\n"))  # items of the file's tree
    return lines


def _set_aside(comment: str) -> bool:
    """A setting put out of use ("# L5 FY2023: {min: 76000, …}", "# unit: LPA"), not a note in words ("# Note: …")."""
    if FLOW_VALUE.search(comment):
        return True
    m = KEY_LINE.match(comment)
    return bool(m) and len((m.group("value") or "").split()) <= 1


def _paths(node: _Node, path: list[str], currency: str, unit: str, legend: dict[str, str]) -> dict[int, str]:
    """Each valued node's line, written under its keys, with the money its block declares."""
    own = {c.key.lower(): c.value for c in node.children if c.value}
    currency = _currency(own.get("currency", "")) or currency
    unit = own.get("unit", "").split()[0] if own.get("unit") else unit
    label = _label(node.key, {} if _scalar(node.value) == legend.get(node.key) else legend)
    declared = [x for x in (own.get("currency", ""), own.get("unit", "").split()[0] if own.get("unit") else "") if x]
    label = f"{label} ({', '.join(declared)})" if node.key and declared else label
    here = [*path, label] if node.key else path
    lines: dict[int, str] = {}
    if node.value:
        head = SEPARATOR.join(here)
        parsed = _parsed(node.value)
        if isinstance(parsed, dict):  # a band: each of its figures on a line of its own, under all its keys
            text = "\n".join(
                f"{head}{SEPARATOR}{BAND_WORDS.get(str(k), k)}: {_amount(v, currency, unit)}" for k, v in parsed.items()
            )
        else:
            value = ", ".join(map(str, parsed)) if isinstance(parsed, list) else _amount(parsed, currency, unit)
            text = f"{head}: {value}" if head and node.key else f"{head}{SEPARATOR}{value}" if head else value
        lines[id(node)] = f"{text} ({node.comment})" if node.comment else text
    band = {"min", "max"} <= {c.key.lower() for c in node.children}
    for child in node.children:
        if band and child.key.lower() in BAND_WORDS:  # "mid: 95000" under "L5:" with min and max: the midpoint
            child.key = BAND_WORDS[child.key.lower()]
        lines.update(_paths(child, here, currency, unit, legend))
    return lines


def _label(key: str, legend: dict[str, str]) -> str:
    words = key.replace("_", " ").strip()
    words = words[:1].upper() + words[1:]  # "london" is London; a line opening in lower case would run on
    return f"{words} ({legend[key]})" if key in legend else words


def _legend(root: _Node) -> dict[str, str]:
    """Codes a mapping names ("levels: {L3: Associate / Junior, L5: Senior}"), by code."""
    legend: dict[str, str] = {}
    stack = [root]
    while stack:
        node = stack.pop()
        coded = [c for c in node.children if CODE.fullmatch(c.key) and c.value and not c.children]
        named = all(c.value[:1] not in "[{" and NAME.fullmatch(_scalar(c.value)) for c in coded)
        if len(coded) >= 2 and len(coded) == len(node.children) and named:
            legend = {c.key: _scalar(c.value) for c in coded} | legend
        stack.extend(node.children)
    return legend


def _amount(value: object, currency: str, unit: str) -> str:
    """A number in its block's money: "GBP 80000", "24.5 LPA"; a small number in a currency is a rate, not money."""
    if not isinstance(value, int | float) or isinstance(value, bool):
        return _scalar(str(value))
    if unit:
        return f"{value} {unit}"
    return f"{currency} {value}" if currency and value >= MIN_AMOUNT else str(value)


NUMBER = re.compile(r"-?(?:0|[1-9][\d_]*)(?:\.\d+)?")


def _parsed(value: str) -> object:
    """A flow value ("{min: 48000}", "[a, b]") by PyYAML; a plain number as a number; anything else as written.

    PyYAML reads plain scalars as YAML 1.1 does ("NO" is false, "0750000" octal, "9:30" a number of minutes).
    """
    if value[:1] in "[{":
        import yaml

        try:
            return yaml.safe_load(value)
        except yaml.YAMLError:
            return value
    if NUMBER.fullmatch(value.strip()):
        number = float(value.replace("_", ""))
        return int(number) if number.is_integer() else number
    return value


def _scalar(value: str) -> str:
    return value.strip().strip("\"'")


def _currency(value: str) -> str:
    from ingest.money import currency_code

    return currency_code(value.strip()) or "" if value else ""


def _in_words(text: str) -> bool:
    """Whether a comment is said in words ("headcount plan, NOT money"), not a code or a value ("GBP")."""
    return len(re.findall(r"[A-Za-z]{2,}", text)) >= 2
