"""Showing a person's own words safely: as the text they typed, never as markup.

Streamlit renders Markdown (and a Markdown image would load a remote address). `plain`
escapes every character Markdown, HTML or Streamlit's extensions give meaning to, so the
text shows literally wherever a page must pass it through `st.markdown`.
"""

from __future__ import annotations

import re

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=^&\"'])")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def plain(text: object) -> str:
    """`text` escaped for `st.markdown`: it will show exactly as typed, nothing will load or run."""
    value = "" if text is None else str(text)
    value = _CONTROL.sub("", value)
    return _MARKDOWN_SPECIAL.sub(r"\\\1", value).replace("\n", "  \n")


def shorten(text: object, limit: int = 120) -> str:
    """One line of at most `limit` characters, for tables and labels."""
    value = " ".join(("" if text is None else str(text)).split())
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"
