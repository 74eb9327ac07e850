"""Showing a person's own words safely: as the text they typed, never as markup.

Streamlit renders Markdown (and a Markdown image would load a remote address). `plain`
escapes every character Markdown, HTML or Streamlit's extensions give meaning to, so the
text shows literally wherever a page must pass it through `st.markdown` or a widget label.

A backslash is not enough for Streamlit's icons and emoji (`:material/home:`, `:smile:`):
they are found in the text after Markdown has read its escapes, so `plain` also puts an
invisible word joiner (U+2060) after each colon that something follows.
"""

from __future__ import annotations

import re

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=^&\"'])")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ESCAPED_COLON = re.compile(r"\\:(?=\S)")
WORD_JOINER = "\u2060"


def plain(text: object) -> str:
    """`text` escaped for `st.markdown`: it will show exactly as typed, nothing will load or run."""
    value = "" if text is None else str(text)
    value = _CONTROL.sub("", value)
    value = _MARKDOWN_SPECIAL.sub(r"\\\1", value)
    value = _ESCAPED_COLON.sub(lambda _: "\\:" + WORD_JOINER, value)
    return value.replace("\n", "  \n")


def shorten(text: object, limit: int = 120) -> str:
    """One line of at most `limit` characters, for tables and labels."""
    value = " ".join(("" if text is None else str(text)).split())
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"
