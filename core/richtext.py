"""Rich text that people type into Lotse: sanitised with nh3 (ammonia) before it is stored.

Everything rendered with `|safe` from user input must have passed `sanitize_html` on the way in.
The allow-list is deliberately small: simple formatting, lists, quotes, headings, links and – only
where the caller allows it – images served by Lotse itself.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from html.parser import HTMLParser
from urllib.parse import unquote

import nh3
from django.utils.html import escape, linebreaks

__all__ = ["ALLOWED_TAGS", "from_user_input", "plain_text", "sanitize_html"]

ALLOWED_TAGS = frozenset(
    {
        "p",
        "br",
        "strong",
        "em",
        "b",
        "i",
        "u",
        "s",
        "ul",
        "ol",
        "li",
        "blockquote",
        "h2",
        "h3",
        "h4",
        "a",
        "code",
        "pre",
    }
)
# Removed together with everything inside them (the text of a script is no content).
_DROPPED_WITH_CONTENT = frozenset(
    {
        "script",
        "style",
        "iframe",
        "object",
        "embed",
        "svg",
        "math",
        "noscript",
        "template",
        "textarea",
        "title",
        "xmp",
        "noembed",
        "noframes",
        "select",
        "frameset",
        "frame",
        "applet",
        "plaintext",
    }
)
_URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "noopener noreferrer nofollow"
_TAG_RE = re.compile(r"<[a-zA-Z!/?]")
_SAFE_SRC = re.compile(r"/[A-Za-z0-9/_\-.~%?=&]*")
# nh3 writes attributes as name="value" with '"' escaped, so this reads them exactly.
_IMG = re.compile(r'<img((?:\s+[a-z]+="[^"]*")*)\s*/?>')
_ATTRIBUTE_NAME = re.compile(r'\s+([a-z]+)="[^"]*"')


def sanitize_html(value: str | None, *, image_src_prefixes: Sequence[str] = ()) -> str:
    """Return `value` reduced to Lotse's safe rich-text subset.

    `image_src_prefixes` lists the relative URL prefixes (for example
    ``("/austausch/neuigkeiten/",)``) an `<img src>` may point to; without it images are removed.
    Idempotent: sanitising the output again changes nothing.
    """
    if not value:
        return ""
    cleaned = _cleaner(tuple(image_src_prefixes)).clean(value)
    if image_src_prefixes:
        # An image whose source was refused would only show a broken icon.
        cleaned = _IMG.sub(_drop_without_src, cleaned)
    return cleaned.strip()


def from_user_input(value: str | None, *, image_src_prefixes: Sequence[str] = ()) -> str:
    """Sanitise what a form received: HTML from the editor, or plain text typed without it.

    Text without any tag (typed with JavaScript off) keeps its paragraphs and line breaks.
    """
    value = (value or "").replace("\r\n", "\n").strip()
    if value and not _TAG_RE.search(value):
        value = linebreaks(escape(value))
    return sanitize_html(value, image_src_prefixes=image_src_prefixes)


def plain_text(value: str | None) -> str:
    """The text of rich `value` without markup, for search, e-mails and summaries.

    Blocks become lines, paragraphs are separated by an empty line, list items start with "– ".
    """
    if not value:
        return ""
    parser = _TextParser()
    parser.feed(sanitize_html(value))
    parser.close()
    return parser.text()


def _drop_without_src(match: re.Match[str]) -> str:
    names = _ATTRIBUTE_NAME.findall(match.group(1))
    return match.group(0) if "src" in names else ""


def _allowed_image_src(src: str, prefixes: tuple[str, ...]) -> bool:
    # Browsers read "%2e" as "." in a path: "%2e%2e/" would climb out of the prefix.
    if not _SAFE_SRC.fullmatch(src) or src.startswith("//") or ".." in unquote(src):
        return False
    return any(src.startswith(prefix) for prefix in prefixes)


@functools.lru_cache(maxsize=16)
def _cleaner(image_src_prefixes: tuple[str, ...]) -> nh3.Cleaner:
    tags = set(ALLOWED_TAGS)
    attributes: dict[str, set[str]] = {"a": {"href", "title"}}
    if image_src_prefixes:
        tags.add("img")
        attributes["img"] = {"src", "alt"}

    def attribute_filter(element: str, attribute: str, value: str) -> str | None:
        if element == "img" and attribute == "src":
            return value if _allowed_image_src(value, image_src_prefixes) else None
        return value

    return nh3.Cleaner(
        tags=tags,
        clean_content_tags=set(_DROPPED_WITH_CONTENT),
        attributes=attributes,
        attribute_filter=attribute_filter,
        strip_comments=True,
        link_rel=LINK_REL,
        url_schemes=set(_URL_SCHEMES),
    )


_BLOCKS = frozenset({"p", "ul", "ol", "blockquote", "h2", "h3", "h4", "pre"})


class _TextParser(HTMLParser):
    """Collects text of already sanitised HTML; only the allow-listed tags can occur."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self._parts.append("\n\n")
        elif tag == "li":
            self._parts.append("\n– ")
        elif tag == "br":
            self._parts.append("\n")
        elif tag == "img":
            alt = dict(attrs).get("alt")
            if alt:
                self._parts.append(f" {alt} ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS:
            self._parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        self._parts.append(data)

    def text(self) -> str:
        # convert_charrefs already decoded entities; unescaping again would decode "&amp;lt;" twice
        raw = "".join(self._parts)
        lines = [re.sub(r"[ \t\r\f\v\u00a0]+", " ", line).strip() for line in raw.split("\n")]
        text = "\n".join(lines)
        return re.sub(r"\n{3,}", "\n\n", text).strip()
