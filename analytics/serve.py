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
(analytics/phone.py). It prints `NETWORK_WARNING` first, and the app shows it too while it runs.
"""

from __future__ import annotations

import ipaddress
import sys
from collections.abc import Mapping
from pathlib import Path

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
