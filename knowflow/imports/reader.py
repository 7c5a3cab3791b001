"""Reading a Stack Exchange dump's XML files as a stream of rows, each with its line number.

Every file of a dump is one root element with a `<row .../>` per object, one per line. The
reader feeds the parser a line at a time (xml.etree's XMLPullParser) and drops each row once
read, so memory stays flat however large the file; a row's line number is the line that
completed it, and a parse error's is the parser's own position.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


class DumpError(Exception):
    """The dump cannot be imported (as it is); the message is one line naming file and line."""


@dataclass(slots=True)
class Row:
    """One `<row>` of a dump file: its attributes and where it is."""

    file: str
    line: int
    attrs: dict[str, str]

    def fail(self, reason: str) -> DumpError:
        return DumpError(f"{self.file}:{self.line}: {reason}")

    def text(self, name: str, default: str = "") -> str:
        return self.attrs.get(name, default)

    def integer(self, name: str) -> int:
        value = self.attrs.get(name)
        if value is None:
            raise self.fail(f"the row has no {name}.")
        try:
            return int(value)
        except ValueError:
            raise self.fail(f"{name}=“{value[:40]}” is not a whole number.") from None

    def optional_integer(self, name: str) -> int | None:
        return self.integer(name) if self.attrs.get(name, "") != "" else None

    def date(self, name: str) -> dt.datetime:
        value = self.attrs.get(name)
        if value is None:
            raise self.fail(f"the row has no {name}.")
        try:
            when = dt.datetime.fromisoformat(value)
        except ValueError:
            raise self.fail(f"{name}=“{value[:40]}” is not a date and time.") from None
        # Dumps write UTC without saying so.
        return when if when.tzinfo else when.replace(tzinfo=dt.UTC)

    def optional_date(self, name: str) -> dt.datetime | None:
        return self.date(name) if self.attrs.get(name) else None


def read_rows(path: Path, *, root: str) -> Iterator[Row]:
    """The rows of one dump file, whose root element must be `root` (e.g. "posts")."""
    name = path.name
    parser = ET.XMLPullParser(events=("start", "end"))
    top: ET.Element | None = None
    depth = 0
    line = 0
    try:
        with path.open("rb") as file:
            for line, chunk in enumerate(file, 1):
                parser.feed(chunk)
                for event, element in parser.read_events():
                    if event == "start":
                        depth += 1
                        if top is None:
                            top = element
                            if element.tag != root:
                                raise DumpError(
                                    f"{name}:{line}: the root element is <{element.tag}>, "
                                    f"not <{root}>: is this the dump's {name}?"
                                )
                        continue
                    depth -= 1
                    if depth == 1 and element.tag == "row":
                        yield Row(name, line, dict(element.attrib))
                        top.clear()  # what was read is dropped: memory stays flat
            parser.close()
    except ET.ParseError as exc:
        where = exc.position[0] if exc.position else line
        reason = str(exc).split(": line")[0]
        raise DumpError(f"{name}:{where}: not well-formed XML ({reason}).") from None
    except OSError as exc:
        raise DumpError(f"{name}: cannot be read ({exc.strerror or exc}).") from None
