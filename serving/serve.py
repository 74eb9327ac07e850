"""Starting the app: on this machine only, unless the person explicitly asks otherwise.

The app is served by `streamlit run server.py` (`SERVER_FILE`): app.py behind the web server's
own checks (own origin only, no framing, uploads only from admitted sessions, no metrics, no
outbound look-ups; see server.py). app.py refuses to show the journal when it was started
another way (`is_guarded`). The port is always named on the command line (`DEFAULT_PORT`
when none is given), so Streamlit refuses to start when it is taken instead of moving to the
next one, away from the address the terminal and the pairing link show.

`.streamlit/config.toml` binds the server to localhost. `between app --phone [ADDRESS]` (also
spelled `--network`) is the one way to listen elsewhere: on the home-network address, over
HTTPS with a certificate of its own, and only for devices paired with the secret
(serving/phone.py). It prints `NETWORK_WARNING` first, and the app shows it too while it runs.
"""

from __future__ import annotations

import ipaddress
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

APP_FILE = Path(__file__).resolve().parent.parent / "between_sessions" / "app.py"
SERVER_FILE = APP_FILE.with_name("server.py")


def use_app_settings() -> None:
    """Make this process read Streamlit's settings as `streamlit run server.py` does: from
    `between_sessions/.streamlit/config.toml`, beside the file it runs (streamlit/web/cli.py
    sets the same attribute). For AppTest in the tests and the bench, which otherwise read only
    ./.streamlit and would see every interface, magic on and data export on."""
    from streamlit import config  # here: the core imports without Streamlit

    config._main_script_path = str(SERVER_FILE)
    config.get_config_options(force_reparse=True)


DEFAULT_PORT = 8501  # Streamlit's own default, always named: never moved from
LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}
# The names a browser may use to reach the app (Streamlit's `server.allowedHosts`, also in
# `.streamlit/config.toml`). A web page whose own name is re-pointed at 127.0.0.1 (DNS
# rebinding) arrives with its own name in the Host header, and Streamlit then refuses its
# websocket. Streamlit ignores the port and compares the name without brackets: "::1".
LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")
# Listening on every interface: the names a tablet will use are not known here.
UNSPECIFIED_ADDRESSES = {"0.0.0.0", "::", "[::]"}
NETWORK_WARNING = (
    "Your journal is reachable from this network at {address}, not only on this machine, for "
    "as long as the app runs. Only a device paired with the pairing link can open it. Stop "
    "the app (Ctrl+C) and start it with `between app` to keep it on this computer alone."
)


def is_loopback(address: str | None) -> bool:
    """True for addresses only this machine can reach (localhost, 127.0.0.0/8, ::1)."""
    if not address:
        # Streamlit's own default (no address set) listens on every interface.
        return False
    name = address.strip().strip("[]").lower()
    if name in LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def allowed_hosts(address: str = "localhost") -> list[str]:
    """The Host names the app accepts a websocket from when it listens on `address`.

    Always the loopback names; plus `address` itself when it names one interface (so
    `--network 192.168.1.20` is reachable as http://192.168.1.20:8501). An unspecified address
    (0.0.0.0, ::) listens on every interface, under names this machine cannot list, so every
    name is accepted ("*"): the person asked for that with `--network` and is warned.
    """
    name = address.strip().lower()
    if name in UNSPECIFIED_ADDRESSES:
        return ["*"]
    hosts = list(LOOPBACK_HOSTS)
    bare = name.strip("[]")
    if bare and bare not in hosts:
        hosts.append(bare)
    return hosts


# Set in the environment (common in container images), these would make the server believe an
# X-Forwarded-For header from any device, so a phone could claim to be this computer.
UNTRUSTED_ENVIRONMENT = ("FORWARDED_ALLOW_IPS",)


def app_environment(environment: Mapping[str, str], journal: str) -> dict[str, str]:
    """The environment the app's server runs in: the journal's path, and no setting that would
    let a device on the network pass for this computer (`UNTRUSTED_ENVIRONMENT`, and Streamlit's
    own `STREAMLIT_*` options: the command line sets every one the app needs)."""
    kept = {
        name: value
        for name, value in environment.items()
        if name not in UNTRUSTED_ENVIRONMENT and not name.startswith("STREAMLIT_")
    }
    return {**kept, "BETWEEN_DB": journal}


_guarded = {"server": False}


def mark_guarded() -> None:
    """Said by server.py as it loads: this process serves the app behind its checks."""
    _guarded["server"] = True


def is_guarded() -> bool:
    return _guarded["server"]


def port_taken_hint(port: int) -> str:
    return (
        f"If Streamlit says port {port} is not available, another program is using it: stop "
        f"that program, or start with another port, for example `between app --port {port + 1}`."
    )


def streamlit_command(
    address: str = "localhost",
    port: int | None = None,
    certificate: tuple[Path, Path] | None = None,
) -> list[str]:
    """`streamlit run server.py` with the privacy settings on the command line too (Streamlit
    reads `between_sessions/.streamlit/config.toml`, beside server.py, wherever it is started
    from; the flags hold even if that file were changed or missing), and the port always
    named (`DEFAULT_PORT` when `port` is None). With `certificate` (cert file, key file) it
    serves HTTPS, as `between app --phone` does."""
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(SERVER_FILE),
        "--server.address",
        address,
        "--browser.gatherUsageStats",
        "false",
        # Tables offer no raw CSV download: it would write typed formulas live (see config.toml).
        "--client.disableDataExport",
        "true",
        # The agent API runs the app for a request with no browser connection, so with no
        # address for the pairing gate to check: never on, whatever a config file says.
        "--server.enableAgentApi",
        "false",
    ]
    for host in allowed_hosts(address):
        command += ["--server.allowedHosts", host]
    # Named even when it is the default: Streamlit moves to the next free port only when the
    # port was not set, and the link would then name a port another program holds.
    command += ["--server.port", str(DEFAULT_PORT if port is None else port)]
    if certificate is not None:
        cert_file, key_file = certificate
        command += ["--server.sslCertFile", str(cert_file), "--server.sslKeyFile", str(key_file)]
        command += ["--browser.serverAddress", address.strip("[]")]
    return command


STOP_SIGNALS = ("SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT")
"""How a command is stopped: Ctrl+C, `kill`, a closed terminal, Ctrl+\\. Each one stops the
server too (`run_until_stopped`)."""
GRACE_SECONDS = 15.0
"""How long the server may take to close its connections and the journal after it is told
to stop, before it is killed."""


def _die_with_parent() -> Callable[[], None] | None:
    """On Linux, what the server's process runs before it starts: ask the kernel to send it
    SIGTERM when the command that started it ends, however it ends (`kill -9` included, which
    no handler sees). None elsewhere (no such call)."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes
    import os
    import signal

    try:  # looked up here, before the fork: the child only calls it
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    parent = os.getpid()
    set_parent_death_signal = 1  # PR_SET_PDEATHSIG, <linux/prctl.h>

    def preexec() -> None:
        prctl(set_parent_death_signal, int(signal.SIGTERM), 0, 0, 0)
        if os.getppid() != parent:  # the command ended before the call took effect
            os.kill(os.getpid(), signal.SIGTERM)

    return preexec


def run_until_stopped(
    command: list[str], env: Mapping[str, str], cwd: Path
) -> tuple[int, int | None]:
    """Run the server and wait for it; stop it whenever this command is stopped.

    Returns (the server's exit status, the number of the signal that stopped this command, or
    None). On SIGINT, SIGTERM, SIGHUP or SIGQUIT the server is sent SIGTERM (Streamlit then
    closes its connections and the journal) and waited for; after `GRACE_SECONDS` it is
    killed. On Linux the kernel also sends the server SIGTERM if this command dies without a
    chance to say so (`kill -9`, a crash)."""
    import signal
    import subprocess
    import threading

    numbers = [getattr(signal, name) for name in STOP_SIGNALS if hasattr(signal, name)]
    state: dict[str, Any] = {"by": None, "process": None, "deadline": None}

    def forward() -> None:
        process = state["process"]
        if process is None:
            return  # not started yet: it is told as soon as it is
        process.send_signal(signal.SIGTERM)  # nothing when it has ended already
        if state["deadline"] is None:
            deadline = threading.Timer(GRACE_SECONDS, process.kill)
            state["deadline"] = deadline  # kept first: a second signal then starts no second timer
            deadline.daemon = True
            deadline.start()

    def stop(number: int, _frame: object) -> None:
        state["by"] = state["by"] or number
        forward()

    # A signal the command was started to ignore (`nohup between app`) stays ignored, by the
    # server too (it inherits that).
    numbers = [n for n in numbers if signal.getsignal(n) is not signal.SIG_IGN]
    before = {number: signal.signal(number, stop) for number in numbers}
    try:
        state["process"] = subprocess.Popen(
            command, env=dict(env), cwd=cwd, preexec_fn=_die_with_parent()
        )
        if state["by"] is not None:  # a signal came while it was starting
            forward()
        status = state["process"].wait()
        if state["deadline"] is not None:
            state["deadline"].cancel()
        return status, state["by"]
    finally:
        for number, handler in before.items():
            signal.signal(number, handler)
