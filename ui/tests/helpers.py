"""Reading rendered pages the way a browser would, for assertions in tests."""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]


class Page(HTMLParser):
    """All elements with their attributes, plus the text inside each <script>."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[Element] = []
        self.script_bodies: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append(Element(tag, {name: value or "" for name, value in attrs}))
        if tag == "script":
            self._in_script = True
            self.script_bodies.append("")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append(Element(tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.script_bodies[-1] += data

    def find_all(self, tag: str, **attrs: str) -> list[Element]:
        return [
            element
            for element in self.elements
            if element.tag == tag
            and all(element.attrs.get(_attr(name)) == value for name, value in attrs.items())
        ]

    def first(self, tag: str, **attrs: str) -> Element:
        found = self.find_all(tag, **attrs)
        assert found, f"no <{tag} {attrs}> on the page"
        return found[0]


def _attr(name: str) -> str:
    """`class_` is `class`, `aria_current` is `aria-current`."""
    return name.rstrip("_").replace("_", "-")


def parse_html(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page


def parse(response: Any) -> Page:
    return parse_html(response.content.decode())


def csp_violations(html: str) -> list[str]:
    """What a strict Content Security Policy would block, or what we forbid besides."""
    page = parse_html(html)
    problems = []
    for element in page.elements:
        if element.tag == "style":
            problems.append("<style> block")
        if element.tag == "script" and not element.attrs.get("src"):
            problems.append("<script> without src")
        for name, value in element.attrs.items():
            if name.startswith("on"):
                problems.append(f"<{element.tag} {name}=…>")
            if name == "style":
                problems.append(f"<{element.tag} style=…>")
            if name in {"href", "src", "action"} and value.strip().lower().startswith(
                "javascript:"
            ):
                problems.append(f"<{element.tag} {name}=javascript:…>")
    problems += ["inline script text" for body in page.script_bodies if body.strip()]
    return problems
