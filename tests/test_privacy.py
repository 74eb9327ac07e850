"""Private by default: the server stays on this machine, Streamlit sends no usage statistics,
and the code names no address to send anything to. (The browser test records every request
a page makes; see tests/test_browser.py.)"""

from __future__ import annotations

import ast
import ipaddress
import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analytics import cli
from serving import serve
from tests.conftest import REPO
from tests.stream import upgrade_status

EFFECTIVE_CONFIG = """
import json, sys
from streamlit import config
config._main_script_path = sys.argv[1]  # as `streamlit run FILE` sets it (streamlit/web/cli.py)
config.get_config_options(force_reparse=True)
print(json.dumps({name: config.get_option(name) for name in (
    "browser.gatherUsageStats", "server.address", "server.headless", "global.developmentMode",
    "server.allowedHosts", "client.disableDataExport")}))
"""


def effective_config(cwd: Path) -> dict:
    """Streamlit's options as `streamlit run between_sessions/server.py` resolves them when
    started in `cwd` (the settings beside server.py count wherever that is)."""
    done = subprocess.run(
        [sys.executable, "-c", EFFECTIVE_CONFIG, str(serve.SERVER_FILE)],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_committed_config_turns_usage_statistics_off_and_binds_to_localhost(tmp_path):
    options = effective_config(tmp_path)  # started anywhere, as an installed `between app` is
    assert options["browser.gatherUsageStats"] is False
    assert options["server.address"] == "localhost"
    assert options["global.developmentMode"] is False
    # Only the loopback names (Streamlit ignores the port and drops IPv6 brackets).
    assert sorted(options["server.allowedHosts"]) == sorted(serve.LOOPBACK_HOSTS)


def test_tables_offer_no_raw_csv_download_that_would_write_typed_formulas_live():
    """st.dataframe's built-in CSV download writes a note typed as =HYPERLINK(...) as it is;
    the Export page's CSVs are the spreadsheet-safe ones."""
    assert effective_config(REPO)["client.disableDataExport"] is True
    assert effective_config(REPO / "analytics")["client.disableDataExport"] is True
    command = serve.streamlit_command()
    assert command[command.index("--client.disableDataExport") + 1] == "true"


@pytest.mark.parametrize(
    ("address", "local"),
    [
        ("localhost", True),
        ("127.0.0.1", True),
        ("127.8.9.1", True),
        ("::1", True),
        ("[::1]", True),
        ("0.0.0.0", False),
        ("::", False),
        ("192.168.1.20", False),
        ("my-laptop.local", False),
        ("", False),
        (None, False),
    ],
)
def test_only_loopback_addresses_count_as_this_machine(address, local):
    assert serve.is_loopback(address) is local


def test_between_app_listens_on_localhost_with_statistics_off(monkeypatch, tmp_path, capsys):
    started = {}
    monkeypatch.setattr(
        serve,
        "run_until_stopped",
        lambda command, **kwargs: started.update(command=command, **kwargs) or (0, None),
    )
    assert cli.main(["app", "--db", str(tmp_path / "j.duckdb")]) == 0
    command = started["command"]
    assert command[command.index("--server.address") + 1] == "localhost"
    assert command[command.index("--browser.gatherUsageStats") + 1] == "false"
    assert started["cwd"] == serve.APP_FILE.parent
    hosts = [command[i + 1] for i, part in enumerate(command) if part == "--server.allowedHosts"]
    assert sorted(hosts) == sorted(serve.LOOPBACK_HOSTS)
    assert started["env"]["BETWEEN_DB"] == str(tmp_path / "j.duckdb")
    assert "WARNING" not in capsys.readouterr().err


@pytest.mark.parametrize("option", ["--phone", "--network"])
def test_every_way_off_this_machine_is_https_with_pairing_and_a_warning(
    monkeypatch, tmp_path, capsys, option
):
    """`--network` (which once let anyone on the network in, with no password) is now the
    same as `--phone`: HTTPS with the app's own certificate, only the address and loopback as
    Host names, and a pairing secret; the terminal says the journal is reachable."""
    from serving import phone

    started = {}
    monkeypatch.setattr(
        serve,
        "run_until_stopped",
        lambda command, **kwargs: started.update(command=command) or (0, None),
    )
    journal = tmp_path / "j.duckdb"
    assert cli.main(["app", "--db", str(journal), option, "192.168.1.20", "--port", "9000"]) == 0
    command = started["command"]
    value = {part: command[i + 1] for i, part in enumerate(command[:-1]) if part.startswith("--")}
    assert value["--server.address"] == "192.168.1.20"
    assert value["--server.port"] == "9000"
    assert value["--server.sslCertFile"] == str(tmp_path / phone.CERT_FILE)
    assert value["--server.sslKeyFile"] == str(tmp_path / phone.KEY_FILE)
    hosts = [command[i + 1] for i, part in enumerate(command) if part == "--server.allowedHosts"]
    assert hosts == [*serve.LOOPBACK_HOSTS, "192.168.1.20"]
    secret = phone.current_secret(tmp_path)
    error = capsys.readouterr().err
    assert "WARNING" in error and "reachable from this network" in error
    # The link itself is said by the server once it holds port 9000 (tests/test_server.py).
    assert secret not in error and "once the app is serving on port 9000" in error
    for name in (phone.SECRET_FILE, phone.CERT_FILE, phone.KEY_FILE):
        assert (tmp_path / name).stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize("address", ["0.0.0.0", "::"])
def test_every_interface_means_the_home_address_never_every_host_name(
    monkeypatch, tmp_path, address
):
    from serving import phone

    started = {}
    monkeypatch.setattr(phone, "home_address", lambda: "10.0.0.7")
    monkeypatch.setattr(
        serve,
        "run_until_stopped",
        lambda command, **kwargs: started.update(command=command) or (0, None),
    )
    assert cli.main(["app", "--db", str(tmp_path / "j.duckdb"), "--network", address]) == 0
    command = started["command"]
    assert command[command.index("--server.address") + 1] == "10.0.0.7"
    assert "*" not in command


def test_phone_refuses_a_loopback_address_a_phone_cannot_reach(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(serve, "run_until_stopped", lambda *a, **k: pytest.fail("started anyway"))
    assert cli.main(["app", "--db", str(tmp_path / "j.duckdb"), "--phone", "127.0.0.1"]) == 1
    assert "phone cannot reach it" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("address", "hosts"),
    [
        ("localhost", ["localhost", "127.0.0.1", "::1"]),
        ("127.0.0.1", ["localhost", "127.0.0.1", "::1"]),
        ("[::1]", ["localhost", "127.0.0.1", "::1"]),
        ("192.168.1.20", ["localhost", "127.0.0.1", "::1", "192.168.1.20"]),
        ("My-Laptop.local", ["localhost", "127.0.0.1", "::1", "my-laptop.local"]),
        ("[fe80::1]", ["localhost", "127.0.0.1", "::1", "fe80::1"]),
        # Every interface: the names a tablet will use cannot be listed here.
        ("0.0.0.0", ["*"]),
        ("::", ["*"]),
    ],
)
def test_the_app_accepts_the_loopback_names_and_the_network_address_it_was_given(address, hosts):
    assert serve.allowed_hosts(address) == hosts
    command = serve.streamlit_command(address)
    given = [command[i + 1] for i, part in enumerate(command) if part == "--server.allowedHosts"]
    assert given == hosts


def _websocket_upgrade_status(port: int, host: str) -> int:
    """The HTTP status of a websocket upgrade to the app's stream, sent with `host` as Host."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.settimeout(10)
        return upgrade_status(sock, host)


def test_a_page_that_rebinds_its_name_to_this_machine_cannot_open_the_app(tmp_path):
    """DNS rebinding: evil.example re-pointed at 127.0.0.1 reaches the port, but its Host header
    still says evil.example; the running app (with the committed config) refuses the websocket."""
    from testkit.browser import running_app

    data_home = tmp_path / "data"
    data_home.mkdir()
    with running_app(tmp_path / "j.duckdb", data_home) as url:
        port = int(url.rsplit(":", 1)[1])
        assert _websocket_upgrade_status(port, f"localhost:{port}") == 101
        assert _websocket_upgrade_status(port, f"127.0.0.1:{port}") == 101
        assert _websocket_upgrade_status(port, f"[::1]:{port}") == 101
        assert _websocket_upgrade_status(port, "evil.example") != 101
        assert _websocket_upgrade_status(port, f"evil.example:{port}") != 101


def test_the_app_warns_while_it_listens_beyond_this_machine(app_env):
    from streamlit import config

    app_env()
    at = AppTest.from_file(str(REPO / "between_sessions" / "app.py"), default_timeout=30)
    previous = config.get_option("server.address")
    config.set_option("server.address", "0.0.0.0")
    try:
        at.run()
    finally:
        config.set_option("server.address", previous)
    assert not at.exception
    assert any("reachable from this network" in w.value for w in at.sidebar.warning)

    at_home = AppTest.from_file(str(REPO / "between_sessions" / "app.py"), default_timeout=30)
    config.set_option("server.address", "localhost")
    try:
        at_home.run()
    finally:
        config.set_option("server.address", previous)
    assert not any("reachable from this network" in w.value for w in at_home.sidebar.warning)


def _code_strings(path: Path) -> list[str]:
    """String constants in a module's code, docstrings left out (they may cite documentation).
    A scheme followed at once by a formatted host (f"https://{host}:{port}") names no address
    of its own: the pairing link is built that way from this computer's own address."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    formatted_hosts = {
        id(part)
        for node in ast.walk(tree)
        if isinstance(node, ast.JoinedStr)
        for part, following in zip(node.values, node.values[1:], strict=False)
        if isinstance(part, ast.Constant)
        and isinstance(following, ast.FormattedValue)
        and str(part.value).endswith("://")
        and str(part.value).count("://") == 1
        and str(part.value).split("://")[0].isalpha()
    }
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
        and id(node) not in formatted_hosts
    ]


def test_no_code_names_an_address_beyond_this_machine():
    sources = [
        REPO / "between_sessions" / "app.py",
        REPO / "between_sessions" / "server.py",
        *sorted((REPO / "analytics").rglob("*.py")),
        *sorted((REPO / "serving").rglob("*.py")),
        *sorted((REPO / "views").rglob("*.py")),
    ]
    found = []
    for source in sources:
        for text in _code_strings(source):
            for scheme in ("http://", "https://", "ws://", "wss://", "ftp://"):
                if scheme in text and not any(
                    local in text for local in ("//localhost", "//127.0.0.1")
                ):
                    found.append(f"{source.relative_to(REPO)}: {text[:80]!r}")
    assert not found, "code that could send data away:\n" + "\n".join(found)


def test_no_module_imports_a_network_client():
    clients = {
        "requests",
        "httpx",
        "urllib3",
        "aiohttp",
        "http.client",
        "urllib.request",
        "socket",
        "smtplib",
        "ftplib",
    }
    sources = [
        REPO / "between_sessions" / "app.py",
        REPO / "between_sessions" / "server.py",
        *sorted((REPO / "analytics").rglob("*.py")),
        *sorted((REPO / "serving").rglob("*.py")),
        *sorted((REPO / "views").rglob("*.py")),
    ]
    found = []
    for source in sources:
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
            found += [f"{source.relative_to(REPO)}: {name}" for name in names if name in clients]
    # One exception, read below: phone.py asks the routing table which address reaches the home
    # network through a UDP socket that is connected and never used to send.
    assert found == ["serving/phone.py: socket"], found


def test_the_phones_socket_only_asks_the_routing_table():
    """phone.py's only socket is a UDP one, connected to a documentation address (RFC 5737,
    routed nowhere) and read for its own address: no send of any kind, no TCP, no listening."""
    tree = ast.parse((REPO / "serving" / "phone.py").read_text(encoding="utf-8"))
    calls = {
        node.func.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
    }
    assert {"send", "sendto", "sendall", "sendmsg", "listen", "accept"}.isdisjoint(calls)
    kinds = {
        node.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr.startswith("SOCK_")
    }
    assert kinds == {"SOCK_DGRAM"}
    from serving import phone

    assert ipaddress.ip_address(phone.PROBE_ADDRESS) in ipaddress.ip_network("192.0.2.0/24")
