"""The pairing gate and the phone's notices, drawn by app.py before anything else.

A browser on this computer goes straight in. Any other browser must carry a paired device's
cookie, handed to it by the web server when it opened the pairing link (server.py), and issued
under the secret still in force; otherwise it sees only `phone.PRIVATE_MESSAGE` (or
`phone.PAUSED_MESSAGE`), and the run stops before navigation, sidebar, data or downloads exist.
The rules themselves are in serving/phone.py.
"""

from __future__ import annotations

import contextlib

import streamlit as st
from streamlit.errors import StreamlitAPIException

from analytics.paths import default_journal_path
from serving import phone
from serving.serve import NETWORK_WARNING, is_guarded, is_loopback


def served_address() -> str:
    return str(st.get_option("server.address") or "")


def peer_address() -> str | None:
    """The browser's address as Streamlit saw its websocket connection (None: loopback).

    `st.context.ip_address` is also None for a session with no connection at all (Streamlit's
    agent API, which `serve` turns off, or anything like it later), so it is not used alone: a
    session counts as loopback only when its client context exists and names a loopback peer.
    Anything else (no context, not an address string, as under AppTest) reads as "unknown",
    which never counts as this computer."""
    try:
        from streamlit.runtime.context import _get_client_context
    except ImportError:  # a Streamlit without it: the unknown is never this computer
        return "unknown"
    client = _get_client_context()
    remote = getattr(client, "remote_ip", None) if client is not None else None
    if not isinstance(remote, str) or not remote:
        return "unknown"
    return None if phone.is_loopback_ip(remote) else remote


def is_remote() -> bool:
    """Whether this browser runs on another device than this computer."""
    return not phone.is_this_computer(peer_address(), served_address())


UNGUARDED_MESSAGE = (
    "This journal opens only when the app is started with `between app` (or `make run`), "
    "which serves it with its privacy checks. Stop this server and start it that way."
)


def refuse_unguarded() -> None:
    """Stop the run when a real server serves app.py without server.py's checks (started as
    `streamlit run app.py`): then other pages could read the journal, so nothing is shown.
    Under AppTest there is no server (Streamlit's `_server_mode` stays None)."""
    from streamlit import config

    if getattr(config, "_server_mode", None) is None or is_guarded():
        return
    st.info(UNGUARDED_MESSAGE, icon=":material/lock:")
    st.stop()


def session_id() -> str | None:
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    context = get_script_run_ctx()
    return context.session_id if context is not None else None


PRIVATE_PAGE = "private"


def device_token() -> str | None:
    """The paired device's token from its cookie, as the browser sent it when it opened this
    session's connection (`st.context.cookies`); None without one."""
    token = st.context.cookies.get(phone.DEVICE_COOKIE)
    return token if isinstance(token, str) and token else None


def page_named_in(url: str | None, base: str = "") -> str:
    """The page name in an address of the app (`/home` gives "home"; the app's root, or a
    path of more than one name, ""), below the server's `base` path."""
    from urllib.parse import urlsplit

    path = urlsplit(url or "").path.strip("/")
    base = base.strip("/")
    if base and (path == base or path.startswith(base + "/")):
        path = path[len(base) :].strip("/")
    return path if path and "/" not in path else ""


def requested_page() -> str:
    """The page name in the address this browser opened (`st.context.url`)."""
    return page_named_in(st.context.url, str(st.get_option("server.baseUrlPath") or ""))


def gate() -> bool:
    """Let this browser in, or show the private notice and stop the run. Returns True for a
    paired device, False for this computer. Called first on every run, so `between pair --new`
    locks a phone out on its next tap. Each verdict is recorded in `phone.ADMITTED`, which the
    web server asks before it keeps an upload (server.py).

    Pairing itself happens in the web server, which answers the pairing link: here a link's
    secret is never compared or counted, only whether pairing is paused for this address."""
    session = session_id()
    if not is_remote():
        _admit(session)
        return False
    folder = phone.folder_for(default_journal_path())
    if phone.device_paired(folder, device_token(), phone.current_secret(folder)):
        _admit(session)
        return True
    if session is not None:
        phone.ADMITTED.refuse(session)
    paused = bool(st.query_params.get(phone.PAIR_PARAMETER)) and phone.GUARD.paused(peer_address())

    def private() -> None:
        st.header("Between Sessions")
        if paused:
            st.info(phone.PAUSED_MESSAGE, icon=":material/hourglass_top:")
        else:
            st.info(phone.PRIVATE_MESSAGE, icon=":material/lock:")

    # Hidden pages only: a browser that was paired until `between pair --new` also loses the
    # navigation it was shown before. The page it asked for (a reload of /home, say) shows the
    # notice too, instead of Streamlit's "Page not found" beside it; no other page is named.
    pages = [st.Page(private, title="Between Sessions", default=True, url_path=PRIVATE_PAGE)]
    asked = requested_page()
    if asked and asked != PRIVATE_PAGE:  # one page a name: Streamlit refuses two
        # A name Streamlit will not take: the notice alone.
        with contextlib.suppress(StreamlitAPIException):
            pages.append(st.Page(private, title="Between Sessions", url_path=asked))
    st.navigation(pages, position="hidden").run()
    st.stop()
    return False  # not reached: st.stop() ends the run


def _admit(session: str | None) -> None:
    if session is not None:
        phone.ADMITTED.admit(session)


def network_notice(remote: bool) -> None:
    """While the server listens beyond this computer, say so on every page (the sidebar); on
    this computer also show the pairing link and its QR code."""
    address = served_address()
    if is_loopback(address):
        return
    port = int(st.get_option("server.port") or 8501)
    secure = bool(st.get_option("server.sslCertFile"))
    host = f"[{address}]" if ":" in address else address or "every network interface"
    shown = f"{'https' if secure else 'http'}://{host}:{port}"
    st.sidebar.warning(NETWORK_WARNING.format(address=shown), icon=":material/public:")
    if remote:
        return
    secret = phone.current_secret(phone.folder_for(default_journal_path()))
    if secret and secure and address:
        link = phone.pairing_link(address, port, secret)
        with st.sidebar.expander("Pair your phone", icon=":material/qr_code_2:"):
            st.image(phone.qr_png(link), caption="Scan with the phone's camera", width=200)
            st.code(link, language=None, wrap_lines=True)
            st.caption(
                "Anyone with this link can open your journal. `between pair --new` in a "
                "terminal replaces it and locks out devices paired before."
            )
