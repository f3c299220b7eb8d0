"""Read HTML: visible text only (the standard library's HTML parser).

Scripts, styles and other invisible elements are dropped; headings become
Markdown headings, list items and blockquotes keep their Markdown marks; the
reported line is the line in the HTML source.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from impactcheck.errors import DocumentError
from impactcheck.reading.extracted import Extracted
from impactcheck.reading.files import decode_text

_INVISIBLE = {"script", "style", "noscript", "template", "head", "title", "svg", "iframe", "object"}
_BLOCKS = {
    "p", "div", "section", "article", "li", "dt", "dd", "tr", "td", "th", "br", "blockquote",
    "pre", "table", "ul", "ol", "header", "footer", "main", "aside", "nav", "h1", "h2", "h3",
    "h4", "h5", "h6", "hr", "figcaption", "caption",
}  # fmt: skip


class _VisibleText(HTMLParser):
    """Collects visible text, keeping the source line of each piece."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hidden = 0
        self.blocks: list[tuple[int, str]] = []  # (source line, text)
        self.current: list[str] = []
        self.current_line = 0
        self.prefix = ""

    def parse_html_declaration(self, i: int) -> int:
        """As the standard parser, except that a malformed ``<![`` section (which it
        refuses with an AssertionError) is passed over as browsers do."""
        try:
            return super().parse_html_declaration(i)
        except AssertionError:
            end = self.rawdata.find(">", i)
            return -1 if end == -1 else end + 1

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _INVISIBLE:
            self.hidden += 1
        elif tag in _BLOCKS:
            self._close()
            if re.fullmatch(r"h[1-6]", tag):
                self.prefix = "#" * int(tag[1]) + " "
            elif tag == "li":
                self.prefix = "- "
            elif tag == "blockquote":
                self.prefix = "> "

    def handle_endtag(self, tag: str) -> None:
        if tag in _INVISIBLE:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCKS:
            self._close()

    def handle_data(self, data: str) -> None:
        if self.hidden or not data.strip():
            return
        if not self.current:
            self.current_line = self.getpos()[0]
        self.current.append(data)

    def _close(self) -> None:
        text = " ".join(" ".join(self.current).split())
        if text:
            self.blocks.append((self.current_line, self.prefix + text))
        self.current = []
        if text:
            self.prefix = ""

    def close(self) -> None:
        super().close()
        self._close()


def extract_html(data: bytes, path: Path, max_bytes: int) -> Extracted:
    """The visible text of an HTML file, a block per line, each at its source line."""
    text, _encoding = decode_text(data, path, DocumentError)
    parser = _VisibleText()
    parser.feed(text)
    parser.close()
    lines: list[str] = []
    numbers: list[int] = []
    for line, block in parser.blocks:
        lines += [block, ""]
        numbers += [line, line]
    return Extracted("\n".join(lines), numbers)
