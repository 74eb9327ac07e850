"""Pairing the person's phone: the home address, the owner-only secret and certificate, who
counts as this computer, the constant-time check and its rate limit, and the gate in the app
(a browser on another device sees nothing of the journal until it is paired)."""

from __future__ import annotations

import hmac
from datetime import UTC, timedelta

import pytest
from streamlit.testing.v1 import AppTest

from analytics import cli, clock, storage
from serving import phone, serve
from tests.conftest import REPO
from views import phone as phone_view

NOTE = "Only-mine-words"


# --- the home address ---------------------------------------------------------------------


def test_the_home_address_is_the_one_the_routing_table_picks():
    assert phone.home_address(lambda: "192.168.1.20") == "192.168.1.20"
    assert phone.home_address(lambda: "10.64.0.9") == "10.64.0.9"


def test_the_address_is_found_by_a_udp_socket_that_sends_nothing():
    # Only loopback here: the same call the app makes toward PROBE_ADDRESS, kept on this machine.
    assert phone.local_address("127.0.0.1") == "127.0.0.1"


def no_route():
    raise OSError(101, "Network is unreachable")


@pytest.mark.parametrize("probe", [lambda: "127.0.0.1", lambda: "0.0.0.0", lambda: "", no_route])
def test_no_home_address_says_how_to_give_one(probe):
    with pytest.raises(phone.NoHomeAddress, match="--phone 192.168.1.20"):
        phone.home_address(probe)


# --- who is this computer -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("peer", "served", "here"),
    [
        (None, "192.168.1.20", True),  # Streamlit's loopback
        ("127.0.0.1", "192.168.1.20", True),
        ("::1", "192.168.1.20", True),
        ("::ffff:127.0.0.1", "192.168.1.20", True),
        ("192.168.1.20", "192.168.1.20", True),  # this computer at its own home address
        ("192.168.1.31", "192.168.1.20", False),  # the phone
        ("10.0.0.5", "localhost", False),
        ("unknown", "192.168.1.20", False),
        ("", "192.168.1.20", False),
    ],
)
def test_only_loopback_or_the_served_address_itself_is_this_computer(
    monkeypatch, peer, served, here
):
    monkeypatch.delenv(phone.PAIR_EVERY_BROWSER, raising=False)
    assert phone.is_this_computer(peer, served) is here


def test_pairing_every_browser_only_makes_the_app_stricter(monkeypatch):
    monkeypatch.setenv(phone.PAIR_EVERY_BROWSER, "1")
    assert phone.is_this_computer(None, "192.168.1.20") is False


# --- secret and certificate ---------------------------------------------------------------


def test_the_secret_is_made_once_owner_only_and_replaced_on_request(tmp_path):
    assert phone.current_secret(tmp_path) is None
    secret = phone.ensure_secret(tmp_path)
    assert len(secret) >= 43 and phone.ensure_secret(tmp_path) == secret
    assert (tmp_path / phone.SECRET_FILE).stat().st_mode & 0o777 == 0o600
    replaced = phone.new_secret(tmp_path)
    assert replaced != secret and phone.current_secret(tmp_path) == replaced


def test_a_loose_secret_file_is_made_owner_only_when_read(tmp_path):
    phone.ensure_secret(tmp_path)
    (tmp_path / phone.SECRET_FILE).chmod(0o644)
    phone.current_secret(tmp_path)
    assert (tmp_path / phone.SECRET_FILE).stat().st_mode & 0o777 == 0o600


def test_a_symlinked_secret_file_is_never_read_or_chmodded_through_the_link(tmp_path):
    # A link in the journal's folder could point anywhere: its target keeps its mode, its
    # text is not trusted as the secret, and the new secret replaces the link itself.
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    target = elsewhere / "someone-elses-file"
    target.write_text("A" * 43)
    target.chmod(0o644)
    folder = tmp_path / "journal"
    folder.mkdir()
    (folder / phone.SECRET_FILE).symlink_to(target)

    assert phone.current_secret(folder) is None
    assert target.stat().st_mode & 0o777 == 0o644
    secret = phone.ensure_secret(folder)
    assert secret != "A" * 43 and not (folder / phone.SECRET_FILE).is_symlink()
    assert target.read_text() == "A" * 43 and target.stat().st_mode & 0o777 == 0o644


def test_the_certificate_names_the_address_and_is_made_again_when_it_changes(tmp_path):
    first = phone.ensure_certificate(tmp_path, "192.168.1.20")
    assert first.made
    for path in (first.cert_file, first.key_file):
        assert path.stat().st_mode & 0o777 == 0o600
    pem = first.cert_file.read_bytes()
    assert phone.certificate_addresses(pem) == ["192.168.1.20"]
    assert not phone.ensure_certificate(tmp_path, "192.168.1.20").made
    assert first.cert_file.read_bytes() == pem
    moved = phone.ensure_certificate(tmp_path, "192.168.1.44")
    assert moved.made
    assert phone.certificate_addresses(moved.cert_file.read_bytes())[0] == "192.168.1.44"


def test_one_key_per_journal_and_a_new_address_is_added_to_the_certificate(tmp_path):
    """A new key and certificate on every address change made the phone click through the
    warning again. The key stays; the certificate names every address it was used on, so
    moving back to an earlier one (home, work, home) changes nothing."""
    from cryptography import x509

    home = phone.ensure_certificate(tmp_path, "192.168.1.20")
    key = home.key_file.read_bytes()
    work = phone.ensure_certificate(tmp_path, "10.0.0.7")
    assert work.made and work.key_file.read_bytes() == key
    both = work.cert_file.read_bytes()
    assert phone.certificate_addresses(both) == ["10.0.0.7", "192.168.1.20"]
    back = phone.ensure_certificate(tmp_path, "192.168.1.20")
    assert not back.made and back.cert_file.read_bytes() == both
    # The certificate is this key's own.
    from cryptography.hazmat.primitives import serialization

    public = x509.load_pem_x509_certificate(both).public_key()
    private = serialization.load_pem_private_key(key, password=None)
    assert public.public_numbers() == private.public_key().public_numbers()
    # Renewed near its end: still the same key.
    later = clock.now(UTC) + timedelta(days=phone.CERT_DAYS - 10)
    renewed = phone.ensure_certificate(tmp_path, "192.168.1.20", now=later)
    assert renewed.made and renewed.key_file.read_bytes() == key


def test_a_certificate_names_at_most_eight_addresses_the_newest_first(tmp_path):
    for last in range(1, 11):
        made = phone.ensure_certificate(tmp_path, f"10.0.0.{last}")
    names = phone.certificate_addresses(made.cert_file.read_bytes())
    assert names == [f"10.0.0.{n}" for n in range(10, 2, -1)]


def test_a_key_that_is_not_ours_is_replaced_and_its_certificates_addresses_dropped(tmp_path):
    phone.ensure_certificate(tmp_path, "192.168.1.20")
    (tmp_path / phone.KEY_FILE).write_bytes(b"not a key")
    made = phone.ensure_certificate(tmp_path, "10.0.0.7")
    assert made.made
    assert phone.certificate_addresses(made.cert_file.read_bytes()) == ["10.0.0.7"]


def test_a_certificate_near_its_end_is_renewed(tmp_path):
    phone.ensure_certificate(tmp_path, "10.0.0.2")
    later = clock.now(UTC) + timedelta(days=phone.CERT_DAYS - 10)
    assert phone.ensure_certificate(tmp_path, "10.0.0.2", now=later).made


def test_the_pairing_link_and_its_qr_code():
    link = phone.pairing_link("192.168.1.20", 8501, "abc")
    assert link == "https://192.168.1.20:8501/?pair=abc"
    assert phone.pairing_link("fe80::1", 8501, "abc").startswith("https://[fe80::1]:8501/")
    assert phone.qr_png(link).startswith(b"\x89PNG")
    drawn = phone.qr_text(link)
    assert len(drawn.splitlines()) > 10


# --- the check and its rate limit ---------------------------------------------------------


def test_the_secret_is_compared_in_constant_time(monkeypatch):
    calls = []
    original = hmac.compare_digest
    monkeypatch.setattr(
        phone.hmac, "compare_digest", lambda a, b: calls.append((a, b)) or original(a, b)
    )
    assert phone.secret_matches("s3cret", "s3cret")
    assert not phone.secret_matches("s3cres", "s3cret")
    assert len(calls) == 2
    assert not phone.secret_matches(None, "s3cret") and not phone.secret_matches("x", None)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_five_wrong_secrets_in_a_minute_pause_pairing_from_that_address_for_a_minute():
    clock = Clock()
    guard = phone.PairingGuard(clock)
    for _ in range(4):
        assert not guard.attempt("wrong", "right", "192.168.1.66")
        clock.now += 10
    assert guard.attempt("right", "right", "192.168.1.66")  # four wrong ones: still open
    assert not guard.attempt("wrong", "right", "192.168.1.66")  # the fifth within the minute
    assert guard.paused("192.168.1.66")
    assert not guard.attempt("right", "right", "192.168.1.66")  # even the right secret waits
    clock.now += phone.WINDOW_SECONDS - 1
    assert not guard.attempt("right", "right", "192.168.1.66")
    clock.now += 2
    assert guard.attempt("right", "right", "192.168.1.66")


def test_one_guessing_device_does_not_pause_pairing_for_the_owners_phone():
    """Anyone on the network could pause pairing for everyone with five wrong links."""
    clock = Clock()
    guard = phone.PairingGuard(clock)
    for _ in range(phone.MAX_WRONG * 3):
        assert not guard.attempt("wrong", "right", "192.168.1.66")
    assert guard.paused("192.168.1.66") and not guard.paused("192.168.1.31")
    assert guard.attempt("right", "right", "192.168.1.31")


def test_guesses_spread_over_many_addresses_pause_pairing_for_everyone():
    clock = Clock()
    guard = phone.PairingGuard(clock)
    for n in range(phone.TOTAL_WRONG):
        assert not guard.attempt("wrong", "right", f"192.168.1.{100 + n}")
    assert guard.paused("192.168.1.31")
    assert not guard.attempt("right", "right", "192.168.1.31")
    clock.now += phone.WINDOW_SECONDS + 1
    assert guard.attempt("right", "right", "192.168.1.31")


def test_addresses_inside_one_ipv6_network_count_as_one_device():
    clock = Clock()
    guard = phone.PairingGuard(clock)
    for n in range(phone.MAX_WRONG):
        assert not guard.attempt("wrong", "right", f"2001:db8:1:2::{n + 1:x}")
    assert guard.paused("2001:db8:1:2::ffff")
    assert not guard.paused("2001:db8:1:3::1")
    assert phone.guess_source("::ffff:192.168.1.5") == "192.168.1.5"


def test_wrong_secrets_spread_over_more_than_a_minute_do_not_pause():
    clock = Clock()
    guard = phone.PairingGuard(clock)
    for _ in range(10):
        assert not guard.attempt("wrong", "right", "192.168.1.66")
        clock.now += 16
    assert not guard.paused("192.168.1.66") and guard.attempt("right", "right", "192.168.1.66")


# --- paired devices ----------------------------------------------------------------------


def test_a_paired_device_is_kept_as_a_keyed_digest_owner_only(tmp_path):
    secret = phone.ensure_secret(tmp_path)
    token = phone.pair_device(tmp_path, secret)
    assert phone.SECRET_FORM.fullmatch(token)  # 32 random bytes, URL-safe
    kept = (tmp_path / phone.DEVICES_FILE).read_text()
    assert token not in kept and secret not in kept
    assert (tmp_path / phone.DEVICES_FILE).stat().st_mode & 0o777 == 0o600
    assert phone.device_paired(tmp_path, token, secret)
    other = phone.pair_device(tmp_path, secret)
    assert phone.device_paired(tmp_path, other, secret) and phone.device_paired(
        tmp_path, token, secret
    )
    for wrong in (None, "", "A" * 43, token[:-1], token + "A", secret):
        assert not phone.device_paired(tmp_path, wrong, secret)


def test_a_new_secret_unpairs_every_device(tmp_path):
    secret = phone.ensure_secret(tmp_path)
    token = phone.pair_device(tmp_path, secret)
    new = phone.new_secret(tmp_path)
    assert not phone.device_paired(tmp_path, token, new)
    assert not (tmp_path / phone.DEVICES_FILE).exists()
    # A token handed out under the old secret is not one under the new, even if the list of
    # devices were put back.
    phone.pair_device(tmp_path, new)
    old_list = [phone._device_digest(secret, token)]
    (tmp_path / phone.DEVICES_FILE).write_text(__import__("json").dumps(old_list))
    assert not phone.device_paired(tmp_path, token, new)


def test_at_most_so_many_devices_are_remembered_the_oldest_forgotten(tmp_path):
    secret = phone.ensure_secret(tmp_path)
    tokens = [phone.pair_device(tmp_path, secret) for _ in range(phone.MAX_DEVICES + 1)]
    assert not phone.device_paired(tmp_path, tokens[0], secret)
    assert all(phone.device_paired(tmp_path, t, secret) for t in tokens[1:])


@pytest.mark.parametrize("text", ["", "not json", "{}", '["not-a-digest"]', "[1, 2]"])
def test_a_devices_file_written_over_lets_no_device_in(tmp_path, text):
    secret = phone.ensure_secret(tmp_path)
    token = phone.pair_device(tmp_path, secret)
    (tmp_path / phone.DEVICES_FILE).write_text(text)
    assert not phone.device_paired(tmp_path, token, secret)
    assert phone.device_paired(tmp_path, phone.pair_device(tmp_path, secret), secret)


# --- the gate in the app ------------------------------------------------------------------


@pytest.fixture
def phone_app(app_env, monkeypatch, tmp_path):
    """The app as it runs under `--phone`, seen from a browser at `peer` (a phone by default)
    sending `cookie["token"]` as its device cookie (none by default)."""
    journal = app_env()
    con = storage.connect(journal)
    storage.add_check_in(con, when=clock.now() - timedelta(hours=1), wellbeing=3, note=NOTE)
    con.close()
    secret = phone.ensure_secret(phone.folder_for(journal))
    monkeypatch.setattr(phone, "GUARD", phone.PairingGuard())  # a fresh count per test
    peer = {"address": "192.168.1.31"}
    monkeypatch.setattr(phone_view, "peer_address", lambda: peer["address"])
    cookie: dict[str, str | None] = {"token": None}
    monkeypatch.setattr(phone_view, "device_token", lambda: cookie["token"])
    from streamlit import config

    previous = config.get_option("server.address")
    config.set_option("server.address", "192.168.1.20")
    yield secret, peer, journal, cookie
    config.set_option("server.address", previous)


def run(pair: str | None = None, at: AppTest | None = None) -> AppTest:
    at = at or AppTest.from_file(str(REPO / "between_sessions" / "app.py"), default_timeout=30)
    if pair is not None:
        at.query_params[phone.PAIR_PARAMETER] = pair
    at.run()
    assert not at.exception, at.exception
    return at


def shows_nothing_of_the_journal(at: AppTest) -> bool:
    texts = [str(getattr(e, "value", "")) for e in at.main] + [
        str(getattr(e, "label", "")) for e in at.main
    ]
    return (
        any(phone.PRIVATE_MESSAGE in t or phone.PAUSED_MESSAGE in t for t in texts)
        and not any(NOTE in t for t in texts)
        and not at.sidebar.children
        and not at.get("download_button")
        and not at.get("button_group")
        and not at.get("subheader")
    )


def test_another_device_without_a_paired_cookie_sees_only_that_the_journal_is_private(
    phone_app,
):
    secret, _, journal, cookie = phone_app
    assert shows_nothing_of_the_journal(run())
    assert shows_nothing_of_the_journal(run("not-it"))
    cookie["token"] = "A" * 43  # a made-up token
    assert shows_nothing_of_the_journal(run())
    cookie["token"] = secret  # the secret itself is no device's token
    assert shows_nothing_of_the_journal(run())


def test_the_secret_in_the_address_alone_lets_nothing_in(phone_app):
    """Pairing is the web server's (it answers the link with a cookie, server.py): the app
    neither compares nor counts a secret a session puts in its address, so a device cannot
    guess over its open connection, around the count per address."""
    secret, _, _, _ = phone_app
    for _ in range(phone.MAX_WRONG + 1):
        assert shows_nothing_of_the_journal(run("wrong"))
    at = run(secret)
    assert shows_nothing_of_the_journal(at)
    assert not any(phone.PAUSED_MESSAGE in i.value for i in at.info)


def test_a_paired_phone_opens_on_the_quick_log_and_is_told_the_journal_is_reachable(phone_app):
    secret, _, journal, cookie = phone_app
    cookie["token"] = phone.pair_device(phone.folder_for(journal), secret)
    at = run()
    assert [h.value for h in at.header][:1] == ["Quick log"]
    assert any("reachable from this network" in w.value for w in at.sidebar.warning)
    assert not at.sidebar.get("imgs") and not at.get("imgs")  # the QR code is for the computer


def test_this_computer_sees_the_pairing_link_in_the_sidebar_but_not_over_plain_http(
    phone_app, monkeypatch
):
    secret, peer, _, _ = phone_app
    peer["address"] = None
    at = run()
    assert [h.value for h in at.header][:1] != ["Between Sessions"]
    # Without a certificate (not started with --phone) no link is offered.
    assert not any(secret in c.value for c in at.sidebar.code)
    from streamlit import config

    config.set_option("server.sslCertFile", "/nowhere/cert.pem")
    try:
        at = run()
    finally:
        config.set_option("server.sslCertFile", None)
    assert any(c.value == phone.pairing_link("192.168.1.20", 8501, secret) for c in at.sidebar.code)


def test_five_wrong_links_pause_pairing_for_the_right_one_too(phone_app):
    secret, peer, _, _ = phone_app
    for _ in range(phone.MAX_WRONG):  # as the web server counts them (server.py)
        assert not phone.GUARD.attempt("wrong", secret, peer["address"])
    paused = run(secret)
    assert shows_nothing_of_the_journal(paused)
    assert any(phone.PAUSED_MESSAGE in i.value for i in paused.info)


def test_a_paired_phone_stays_paired_across_reloads_until_a_new_secret(phone_app):
    """A paired phone that reloaded (a new session, the link gone from its address) was shown
    the private notice. Its cookie now keeps it paired, until `between pair --new`."""
    secret, _, journal, cookie = phone_app
    cookie["token"] = phone.pair_device(phone.folder_for(journal), secret)
    at = run()
    assert [h.value for h in at.header][:1] == ["Quick log"]
    at = run(at=at)  # the next tap
    assert [h.value for h in at.header][:1] == ["Quick log"]
    reloaded = run()  # a new session, as after a reload
    assert [h.value for h in reloaded.header][:1] == ["Quick log"]
    assert cli.main(["pair", "--new", "--db", str(journal)]) == 0
    assert shows_nothing_of_the_journal(run(at=at))  # its next tap
    assert shows_nothing_of_the_journal(run())  # a reload


@pytest.mark.parametrize(
    ("url", "base", "name"),
    [
        ("https://192.0.2.10:8501/home", "", "home"),
        ("https://192.0.2.10:8501", "", ""),
        ("https://192.0.2.10:8501/", "", ""),
        ("https://192.0.2.10:8501/journal/log", "journal", "log"),
        ("https://192.0.2.10:8501/journal", "/journal/", ""),
        ("https://192.0.2.10:8501/a/b", "", ""),
        ("", "", ""),
    ],
)
def test_the_private_notice_answers_at_the_page_asked_for(url, base, name):
    """A locked-out phone reloading /home saw "Page not found" beside the private notice: the
    notice is now also served at the page name the browser asked for."""
    assert phone_view.page_named_in(url, base) == name


def test_pair_without_new_changes_nothing(tmp_path, capsys):
    journal = tmp_path / "j.duckdb"
    assert cli.main(["pair", "--db", str(journal)]) == 0
    assert phone.current_secret(tmp_path) is None
    assert "No device is paired yet" in capsys.readouterr().err


def test_phone_mode_without_a_home_address_says_how_to_give_one(monkeypatch, tmp_path, capsys):
    def nowhere():
        raise phone.NoHomeAddress("Could not find it; give it with --phone ADDRESS")

    monkeypatch.setattr(phone, "home_address", nowhere)
    monkeypatch.setattr(serve, "run_until_stopped", lambda *a, **k: pytest.fail("started anyway"))
    assert cli.main(["app", "--db", str(tmp_path / "j.duckdb"), "--phone"]) == 1
    assert "--phone ADDRESS" in capsys.readouterr().err


# --- found by the attack: ways a device on the network could pass for this computer --------


# The real one: tests/conftest.py replaces it for every test (AppTest has no connection).
REAL_PEER_ADDRESS = phone_view.peer_address


class _Client:
    def __init__(self, remote_ip):
        self.remote_ip = remote_ip


@pytest.mark.parametrize(
    ("client", "expected"),
    [
        (None, "unknown"),  # no connection at all (the agent API): never this computer
        (_Client(None), "unknown"),
        (_Client(""), "unknown"),
        (_Client("127.0.0.1"), None),
        (_Client("::1"), None),
        (_Client("192.0.2.77"), "192.0.2.77"),
    ],
)
def test_a_session_is_loopback_only_when_its_connection_says_so(monkeypatch, client, expected):
    import streamlit.runtime.context as context

    monkeypatch.setattr(context, "_get_client_context", lambda: client)
    assert REAL_PEER_ADDRESS() == expected
    if expected == "unknown":
        assert not phone.is_this_computer(REAL_PEER_ADDRESS(), "192.0.2.2")


def test_the_agent_api_is_off_and_forwarded_headers_are_never_trusted_from_elsewhere():
    from serving.serve import app_environment, streamlit_command

    command = streamlit_command("192.0.2.2", 8599, certificate=("c.pem", "k.pem"))
    assert command[command.index("--server.enableAgentApi") + 1] == "false"
    assert (
        "enableAgentApi = false"
        in (REPO / "between_sessions" / ".streamlit" / "config.toml").read_text()
    )
    environment = app_environment(
        {
            "PATH": "/usr/bin",
            "FORWARDED_ALLOW_IPS": "*",
            "STREAMLIT_SERVER_ENABLE_AGENT_API": "true",
            "BETWEEN_DB": "/elsewhere.duckdb",
        },
        "/mine.duckdb",
    )
    assert environment == {"PATH": "/usr/bin", "BETWEEN_DB": "/mine.duckdb"}


def test_a_secret_file_written_over_is_not_trusted(tmp_path):
    phone.ensure_secret(tmp_path)
    (tmp_path / phone.SECRET_FILE).write_text("BEGIN:VCALENDAR\n")
    assert phone.current_secret(tmp_path) is None
    fresh = phone.ensure_secret(tmp_path)
    assert len(fresh) == 43 and phone.current_secret(tmp_path) == fresh


@pytest.mark.parametrize("name", phone.PAIRING_FILES)
def test_no_out_path_can_write_over_the_pairing_files(tmp_path, name):
    from analytics.export.files import OutRefused, check_out_path

    journal = tmp_path / "journal.duckdb"
    storage.connect(journal).close()
    phone.ensure_secret(tmp_path)
    (tmp_path / name).write_bytes((tmp_path / phone.SECRET_FILE).read_bytes())
    before = (tmp_path / name).read_bytes()
    with pytest.raises(OutRefused, match="pairing file"):
        check_out_path(tmp_path / name, journal, force=True)
    assert (
        cli.main(["reminders", "--db", str(journal), "--out", str(tmp_path / name), "--force"]) == 1
    )
    assert (tmp_path / name).read_bytes() == before


# --- `between pair --new` and the running app ----------------------------------------------


def test_pair_new_without_db_replaces_the_running_apps_secret(monkeypatch, tmp_path, capsys):
    """It replaced the default journal's secret while the running app served another journal,
    and said it was done: the phone stayed paired. Without --db it now replaces the secret of
    the journal the running app serves."""
    import os

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("BETWEEN_DB", raising=False)
    served = tmp_path / "elsewhere" / "journal.duckdb"
    served.parent.mkdir()
    old = phone.ensure_secret(served.parent)
    phone.record_running(served, os.getpid())  # this test's process stands in for the app
    try:
        assert cli.main(["pair", "--new"]) == 0
    finally:
        phone.forget_running(os.getpid())
    assert phone.current_secret(served.parent) not in (None, old)
    said = capsys.readouterr().err
    assert str(served) in said and "locks them out on their next tap" in said
    assert phone.running_journal() is None


def test_pair_new_with_another_db_says_the_running_app_keeps_its_secret(
    monkeypatch, tmp_path, capsys
):
    import os

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    served = tmp_path / "served" / "journal.duckdb"
    other = tmp_path / "other" / "journal.duckdb"
    served.parent.mkdir()
    other.parent.mkdir()
    kept = phone.ensure_secret(served.parent)
    phone.record_running(served, os.getpid())
    try:
        assert cli.main(["pair", "--new", "--db", str(other)]) == 0
    finally:
        phone.forget_running(os.getpid())
    assert phone.current_secret(served.parent) == kept
    assert phone.current_secret(other.parent) is not None
    assert f"serves another journal ({served.resolve()})" in capsys.readouterr().err


def test_a_record_of_an_app_that_has_ended_is_not_a_running_app(monkeypatch, tmp_path):
    import subprocess
    import sys

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    ended = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    phone.record_running(tmp_path / "j.duckdb", int(ended.stdout))
    assert phone.running_journal() is None
