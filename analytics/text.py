"""Showing a person's own words safely: as the text they typed, never as markup.

Streamlit renders Markdown (and a Markdown image would load a remote address). `plain`
escapes every character Markdown, HTML or Streamlit's extensions give meaning to, so the
text shows literally wherever a page must pass it through `st.markdown` or a widget label.

A backslash is not enough for Streamlit's icons and emoji (`:material/home:`, `:smile:`):
they are found in the text after Markdown has read its escapes, so `plain` also puts an
invisible word joiner (U+2060) after each colon that something follows.

A piece of typed text may hold Unicode's bidirectional controls. Typed in pairs they are
right-to-left writing and stay as typed; left open (a right-to-left override with no pop) they
would run on past the piece and reverse the words after it in a sentence, a table or the PDF
brief. `closed_bidi` closes each piece, and `plain` uses it.
"""

from __future__ import annotations

import re

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=^&\"'])")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ESCAPED_COLON = re.compile(r"\\:(?=\S)")
WORD_JOINER = "\u2060"

_EMBEDDINGS = frozenset("\u202a\u202b\u202d\u202e")
"""LRE, RLE, LRO, RLO: each is closed by a POP DIRECTIONAL FORMATTING (PDF)."""
_ISOLATES = frozenset("\u2066\u2067\u2068")
"""LRI, RLI, FSI: each is closed by a POP DIRECTIONAL ISOLATE (PDI)."""
POP_EMBEDDING = "\u202c"
POP_ISOLATE = "\u2069"
_PARAGRAPH_END = frozenset("\n\r\x1c\x1d\x1e\x85\u2029")
"""Where Unicode's bidi algorithm ends every embedding and isolate by itself (UAX #9, BD7)."""


def closed_bidi(text: str) -> str:
    """`text` with every bidirectional embedding, override and isolate closed within it.

    Controls are matched as Unicode's algorithm (UAX #9) matches them: a PDF pops the innermost
    open embedding of the current isolate, a PDI the innermost open isolate. What is left open
    at the end of a paragraph (or of the text) is closed there, innermost first; an embedding
    still open inside an isolate when its PDI comes is closed just before it; a closer with
    nothing to close is dropped. Well-nested controls (right-to-left text as typed) come out
    unchanged, and no other character is touched.
    """
    if not any(
        c in _EMBEDDINGS or c in _ISOLATES or c in (POP_EMBEDDING, POP_ISOLATE) for c in text
    ):
        return text
    out: list[str] = []
    open_: list[str] = []  # the closer each open control needs, innermost last

    def close_all() -> None:
        while open_:
            out.append(open_.pop())

    for c in text:
        if c in _EMBEDDINGS:
            open_.append(POP_EMBEDDING)
        elif c in _ISOLATES:
            open_.append(POP_ISOLATE)
        elif c == POP_EMBEDDING:
            if not open_ or open_[-1] != POP_EMBEDDING:
                continue  # nothing to pop in this isolate: a stray closer
            open_.pop()
        elif c == POP_ISOLATE:
            if POP_ISOLATE not in open_:
                continue
            while open_[-1] != POP_ISOLATE:
                out.append(open_.pop())
            open_.pop()
        elif c in _PARAGRAPH_END:
            close_all()
        out.append(c)
    close_all()
    return "".join(out)


def plain(text: object) -> str:
    """`text` escaped for `st.markdown`: it will show exactly as typed, nothing will load or run."""
    value = "" if text is None else str(text)
    value = closed_bidi(_CONTROL.sub("", value))
    value = _MARKDOWN_SPECIAL.sub(r"\\\1", value)
    value = _ESCAPED_COLON.sub(lambda _: "\\:" + WORD_JOINER, value)
    return value.replace("\n", "  \n")


def shorten(text: object, limit: int = 120) -> str:
    """One line of at most `limit` characters (and the closers of bidi controls a cut leaves
    open, `closed_bidi`), for tables and labels."""
    value = " ".join(("" if text is None else str(text)).split())
    return closed_bidi(value if len(value) <= limit else value[: limit - 1].rstrip() + "…")
