"""Letting the person's own phone in, and nobody else (`between app --phone`).

Four things, each kept owner-only (0600) beside the journal:
- a **pairing secret**: 32 random bytes (`secrets.token_urlsafe(32)`), made once, replaced by
  `between pair --new` (which locks out every device paired with the old one);
- a **self-signed certificate** and its key for the home-network address, so the phone talks
  HTTPS. The key is made once; the certificate is made again, with the same key, when the
  address is new to it (it then names the new address and the earlier ones) or it nears its end;
- the **paired devices** (`DEVICES_FILE`): a keyed digest of each device's own token.

A browser that is not on this computer pairs by opening the pairing link. The web server
(server.py) compares the secret in constant time (`secret_matches`), hands the device a token
of its own in an HttpOnly cookie (`pair_device`) and sends it on to the same page without the
secret in its address. From then on the app lets in a session whose connection carries that
cookie (`device_paired`), across reloads and page changes. Each digest is keyed with the secret
in force, so a new secret unpairs every device at once. After `MAX_WRONG` wrong secrets from
one address within `WINDOW_SECONDS` pairing is refused from that address for `WINDOW_SECONDS`,
and after `TOTAL_WRONG` from all addresses for everyone (`PairingGuard`).

Nothing here sends anything: the home address is the one the routing table picks for a UDP
socket connected to a documentation address (no packet is sent), not found by contacting anyone.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import ipaddress
import os
import re
import secrets
import socket
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from analytics import clock, private_files
from analytics.paths import CERT_FILE, DEVICES_FILE, KEY_FILE, SECRET_FILE, pairing_folder
from analytics.paths import PAIRING_FILES as PAIRING_FILES  # named beside the journal's files

folder_for = pairing_folder
"""Where the secret and certificate live: beside the journal (named in `analytics.paths`)."""
PAIR_PARAMETER = "pair"
DEVICE_COOKIE = "between_device"
"""The cookie that keeps a device paired: its own random token (`pair_device`), HttpOnly and
SameSite=Strict, set by the web server (server.py) when the device opens the pairing link."""
DEVICE_DAYS = 400
"""How long a device's cookie lasts (the longest a browser keeps one); `between pair --new`
ends every device's pairing before that."""
MAX_DEVICES = 32
"""Devices remembered for one secret; pairing a 33rd forgets the one paired longest ago."""
MAX_WRONG = 5
WINDOW_SECONDS = 60.0
CERT_DAYS = 397
"""Below Apple's 398-day limit for a server certificate a device will accept."""
RENEW_BEFORE = timedelta(days=30)
PAIR_EVERY_BROWSER = "BETWEEN_PAIR_EVERY_BROWSER"
"""Set to 1: every browser must pair, this computer's too. It can only make the app stricter;
the browser test uses it to walk the phone's path from this machine."""
PRIVATE_MESSAGE = "This journal is private. Pair this device from the computer."
PAUSED_MESSAGE = (
    "Too many wrong pairing links were tried in the last minute, so pairing is paused for a "
    "minute. Then open the link from the computer again."
)


class NoHomeAddress(RuntimeError):
    """The home-network address could not be read; the message says how to give it."""


# --- the home-network address -----------------------------------------------------------


PROBE_ADDRESS = "192.0.2.1"
"""TEST-NET-1 (RFC 5737), a documentation address no network routes: the routing table is
asked which local address would reach it (the one on the default route)."""


def home_address(probe: Callable[[], str] | None = None) -> str:
    """This computer's address on the network with the default route.

    The address the system picks for a UDP socket connected to `PROBE_ADDRESS`: connecting a
    UDP socket only consults the routing table, no packet is sent. Portable (Linux, macOS,
    Windows), with no command to run. Raises `NoHomeAddress` when there is no default route or
    the address found is a loopback one.
    """
    try:
        found: str | None = (probe or local_address)()
    except OSError:
        found = None
    if not found or is_loopback_ip(found) or ipaddress.ip_address(found).is_unspecified:
        raise NoHomeAddress(
            "Could not find this computer's home-network address. Give it yourself, for "
            "example `between app --phone 192.168.1.20` (your network settings show it)."
        )
    return found


def local_address(target: str = PROBE_ADDRESS) -> str:
    """The local IPv4 address the routing table picks to reach `target` (nothing is sent)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
        udp.connect((target, 9))  # the discard port; a UDP connect sends no packet
        return str(udp.getsockname()[0])


def is_loopback_ip(address: str | None) -> bool:
    """True for 127.0.0.0/8, ::1 and their IPv4-mapped IPv6 forms."""
    try:
        ip = ipaddress.ip_address((address or "").strip().strip("[]"))
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_loopback


def is_this_computer(peer: str | None, served: str | None) -> bool:
    """Whether a browser whose connection comes from `peer` runs on this computer.

    `peer` is Streamlit's `st.context.ip_address`: the TCP peer, None for a loopback
    connection. A browser here that opens the app at its home address (`served`) connects
    *from* that same address; another device cannot (replies to it would never leave this
    computer, so its connection could not be made). Every other peer is another device.
    With `BETWEEN_PAIR_EVERY_BROWSER=1` no browser counts as this computer's.
    """
    if os.environ.get(PAIR_EVERY_BROWSER) == "1":
        return False
    if peer is None or is_loopback_ip(peer):
        return True
    try:
        return ipaddress.ip_address(peer.strip("[]")) == ipaddress.ip_address(
            (served or "").strip("[]")
        )
    except ValueError:
        return False


# --- owner-only files -------------------------------------------------------------------


def write_private(path: Path, data: bytes) -> None:
    """Write `data` to `path` owner-only (0600), whole or not at all (`private_files`)."""
    private_files.write_whole_file(path, data, folder_mode=0o700)


def _private_read(path: Path) -> bytes | None:
    """The file's bytes, after making it owner-only if it was not; None if it is missing, or
    a symlink or not a regular file (never read or chmodded through a link: `private_files`)."""
    return private_files.read_private(path)


# --- the pairing secret -----------------------------------------------------------------


SECRET_FORM = re.compile(r"[A-Za-z0-9_-]{43}")
"""What `secrets.token_urlsafe(32)` writes: anything else in the file (a file written over it,
say) is no secret, and a new one is made rather than trusting guessable text."""


def current_secret(folder: Path) -> str | None:
    """The pairing secret now in force, or None before one is made (or when the file holds
    anything but a secret of the form this module writes)."""
    data = _private_read(folder / SECRET_FILE)
    text = data.decode("ascii", "replace").strip() if data else ""
    return text if SECRET_FORM.fullmatch(text) else None


def ensure_secret(folder: Path) -> str:
    """The pairing secret, made once (32 random bytes, URL-safe)."""
    return current_secret(folder) or new_secret(folder)


def new_secret(folder: Path) -> str:
    """Replace the pairing secret: every device paired with the old one is locked out (their
    tokens were kept keyed with the old secret, and the list of them is removed)."""
    secret = secrets.token_urlsafe(32)
    write_private(folder / SECRET_FILE, secret.encode("ascii") + b"\n")
    with _DEVICES_LOCK:
        (folder / DEVICES_FILE).unlink(missing_ok=True)
    return secret


def secret_matches(given: str | None, current: str | None) -> bool:
    """Constant-time comparison of a secret from a link with the one in force."""
    if not given or not current:
        return False
    return hmac.compare_digest(given.encode("utf-8"), current.encode("utf-8"))


# --- paired devices ---------------------------------------------------------------------

_DEVICES_LOCK = threading.Lock()
TOKEN_FORM = SECRET_FORM


def _device_digest(secret: str, token: str) -> str:
    """What is kept of a device's token: HMAC-SHA256 keyed with the secret it paired with."""
    return hmac.new(secret.encode("ascii"), token.encode("ascii"), hashlib.sha256).hexdigest()


def _device_digests(folder: Path) -> list[str]:
    import json

    data = _private_read(folder / DEVICES_FILE)
    try:
        kept = json.loads(data) if data else []
    except ValueError:
        return []
    if not isinstance(kept, list):
        return []
    return [d for d in kept if isinstance(d, str) and re.fullmatch(r"[0-9a-f]{64}", d)]


def pair_device(folder: Path, secret: str) -> str:
    """A new token for a device that opened the pairing link with `secret` (the one in force):
    kept as a keyed digest, owner-only, with at most `MAX_DEVICES` others. The token itself is
    given to the device alone (in its cookie) and never written down."""
    import json

    token = secrets.token_urlsafe(32)
    with _DEVICES_LOCK:
        kept = [*_device_digests(folder), _device_digest(secret, token)][-MAX_DEVICES:]
        write_private(folder / DEVICES_FILE, json.dumps(kept).encode("ascii"))
    return token


def device_paired(folder: Path, token: str | None, current: str | None) -> bool:
    """Whether a device's token was handed out under the secret now in force (compared in
    constant time). A token from before `between pair --new` is not."""
    if not token or not current or not TOKEN_FORM.fullmatch(token):
        return False
    digest = _device_digest(current, token).encode("ascii")
    found = False
    for kept in _device_digests(folder):
        found |= hmac.compare_digest(digest, kept.encode("ascii"))
    return found


def served_url(address: str, port: int) -> str:
    """Where the app is served on the home network (this computer's own address)."""
    host = f"[{address}]" if ":" in address else address
    return f"https://{host}:{port}"


def pairing_link(address: str, port: int, secret: str) -> str:
    return f"{served_url(address, port)}/?{PAIR_PARAMETER}={secret}"


def qr_text(link: str) -> str:
    """The link as a QR code drawn with block characters, for the terminal."""
    import segno

    out = io.StringIO()
    segno.make(link, error="m").terminal(out=out, compact=True, border=2)
    return out.getvalue()


def qr_png(link: str, scale: int = 5) -> bytes:
    """The link as a QR code in a PNG image, for the app's sidebar."""
    import segno

    out = io.BytesIO()
    segno.make(link, error="m").save(out, kind="png", scale=scale, border=2)
    return out.getvalue()


PER_ADDRESS_WRONG = MAX_WRONG
TOTAL_WRONG = 20
"""Wrong secrets from all addresses together within `WINDOW_SECONDS` that pause pairing for
everyone: a backstop for guesses spread over many addresses. One address alone pauses only
itself (`PER_ADDRESS_WRONG`), so a single device cannot keep the owner's phone out."""


def guess_source(peer: str | None) -> str:
    """What the pairing pause counts wrong secrets by: the IPv4 address, or an IPv6 address's
    /64 network (one device can take any number of addresses inside its own /64)."""
    text = (peer or "").strip().strip("[]")
    try:
        ip = ipaddress.ip_address(text)
    except ValueError:
        return text or "unknown"
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    if isinstance(ip, ipaddress.IPv6Address):
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


class PairingGuard:
    """Counts wrong secrets, per address and in total, and pauses pairing after too many.

    `PER_ADDRESS_WRONG` wrong secrets from one address (`guess_source`) within
    `WINDOW_SECONDS` pause pairing for that address for `WINDOW_SECONDS`; `TOTAL_WRONG` from
    all addresses together pause it for everyone. Thread-safe (every browser session runs in
    its own thread). The app keeps one for the whole server in `GUARD`, a plain module global:
    nothing a browser can ask for (Streamlit's "clear cache" included) resets it."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._wrong: dict[str, deque[float]] = {}
        self._all: deque[float] = deque()
        self._paused_until: dict[str, float] = {}
        self._all_paused_until = 0.0

    def _expire(self, now: float) -> None:
        for times in (self._all, *self._wrong.values()):
            while times and times[0] <= now - WINDOW_SECONDS:
                times.popleft()
        for source in [s for s, times in self._wrong.items() if not times]:
            del self._wrong[source]
        for source in [s for s, until in self._paused_until.items() if until <= now]:
            del self._paused_until[source]

    def paused(self, peer: str | None = None) -> bool:
        """Whether pairing is paused for a browser at `peer` (for everyone, or for its address)."""
        with self._lock:
            now = self._clock()
            return now < self._all_paused_until or now < self._paused_until.get(
                guess_source(peer), 0.0
            )

    def attempt(self, given: str | None, current: str | None, peer: str | None = None) -> bool:
        """True if `given` is the secret in force and pairing is not paused for `peer`; a wrong
        one is counted against `peer`'s address and in the total."""
        source = guess_source(peer)
        with self._lock:
            now = self._clock()
            self._expire(now)
            if now < self._all_paused_until or now < self._paused_until.get(source, 0.0):
                return False
            if secret_matches(given, current):
                return True
            mine = self._wrong.setdefault(source, deque())
            mine.append(now)
            self._all.append(now)
            if len(mine) >= PER_ADDRESS_WRONG:
                self._paused_until[source] = now + WINDOW_SECONDS
                mine.clear()
            if len(self._all) >= TOTAL_WRONG:
                self._all_paused_until = now + WINDOW_SECONDS
                self._all.clear()
            return False


GUARD = PairingGuard()
"""The server's one count of wrong secrets (see `PairingGuard`)."""


class AdmittedSessions:
    """The browser sessions the pairing gate let in: this computer's, and paired devices'.

    The gate (views/phone.py) records each session's verdict on every run; the web server
    (server.py) asks before it keeps a file a session uploads. A session the gate has not let
    in (yet) is not admitted. Thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._ids: set[str] = set()

    def admit(self, session_id: str) -> None:
        with self._lock:
            self._ids.add(session_id)

    def refuse(self, session_id: str) -> None:
        with self._lock:
            self._ids.discard(session_id)

    def __contains__(self, session_id: object) -> bool:
        with self._lock:
            return session_id in self._ids

    def clear(self) -> None:
        with self._lock:
            self._ids.clear()


ADMITTED = AdmittedSessions()


# --- the running app -------------------------------------------------------------------

RUNNING_FILE = "phone-app.json"
"""In the user's data folder while `between app --phone` runs: which journal it serves, so
`between pair --new` without `--db` replaces that journal's secret and no other."""


def record_running(journal: Path, pid: int) -> None:
    import json

    from analytics.paths import data_dir

    data = {"journal": str(Path(journal).expanduser().resolve()), "pid": pid}
    write_private(data_dir() / RUNNING_FILE, json.dumps(data).encode("utf-8"))


def forget_running(pid: int) -> None:
    from analytics.paths import data_dir

    if _running_record().get("pid") == pid:
        (data_dir() / RUNNING_FILE).unlink(missing_ok=True)


def running_journal() -> Path | None:
    """The journal a running `between app --phone` serves, or None when none runs."""
    record = _running_record()
    pid, journal = record.get("pid"), record.get("journal")
    if not isinstance(pid, int) or not isinstance(journal, str) or pid <= 0:
        return None
    try:
        os.kill(pid, 0)  # no signal sent: only asks whether that process still exists
    except ProcessLookupError:
        return None
    except PermissionError:
        pass  # it exists, under another user
    return Path(journal)


def _running_record() -> dict:
    import json

    from analytics.paths import data_dir

    data = _private_read(data_dir() / RUNNING_FILE)
    try:
        record = json.loads(data) if data else {}
    except ValueError:
        return {}
    return record if isinstance(record, dict) else {}


# --- the certificate --------------------------------------------------------------------


@dataclass(frozen=True)
class Certificate:
    cert_file: Path
    key_file: Path
    made: bool
    """True when this call made it (first start, a new address, or the old one nearing its end)."""


MAX_ADDRESSES = 8
"""The most addresses one certificate names: the newest, then the ones before it."""


def ensure_certificate(folder: Path, address: str, now: datetime | None = None) -> Certificate:
    """A self-signed certificate naming `address` (as a SubjectAltName IP), owner-only beside
    the journal. The one there is kept while it names `address` and has 30 days left. Otherwise
    a new one is made with the same key (one key per journal, made once), naming `address`
    and the addresses the old one named (up to `MAX_ADDRESSES`): a laptop that moves between
    home and work keeps one certificate for both, and the phone accepts it once."""
    now = now or clock.now(UTC)
    cert_file, key_file = folder / CERT_FILE, folder / KEY_FILE
    existing = _private_read(cert_file)
    key_pem = _private_read(key_file)
    key = _load_key(key_pem)
    wanted = ipaddress.ip_address(address.strip("[]"))
    named = _named_addresses(existing, key) if existing else []
    if key is not None and existing and wanted in named and _lasts(existing, now):
        return Certificate(cert_file, key_file, made=False)
    if key is None:
        from cryptography.hazmat.primitives.asymmetric import ec

        key = ec.generate_private_key(ec.SECP256R1())
        key_pem = _key_pem(key)
        write_private(key_file, key_pem)
    addresses = [wanted, *[a for a in named if a != wanted]][:MAX_ADDRESSES]
    write_private(cert_file, _self_signed(key, addresses, now))
    return Certificate(cert_file, key_file, made=True)


def certificate_addresses(pem: bytes) -> list[str]:
    from cryptography import x509

    cert = x509.load_pem_x509_certificate(pem)
    names = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    return [str(ip) for ip in names.get_values_for_type(x509.IPAddress)]


def _load_key(pem: bytes | None):
    """The journal's private key, or None when there is none (or it is not one we made)."""
    if not pem:
        return None
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    try:
        key = serialization.load_pem_private_key(pem, password=None)
    except (ValueError, TypeError):
        return None
    return key if isinstance(key, ec.EllipticCurvePrivateKey) else None


def _key_pem(key) -> bytes:
    from cryptography.hazmat.primitives import serialization

    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def _named_addresses(pem: bytes, key) -> list:
    """The addresses a certificate of this key names; none when it is unreadable or was made
    for another key (its addresses are not carried over)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    try:
        cert = x509.load_pem_x509_certificate(pem)
        if key is None or cert.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        ) != key.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        ):
            return []
        return [ipaddress.ip_address(a) for a in certificate_addresses(pem)]
    except (ValueError, x509.ExtensionNotFound):
        return []


def _lasts(pem: bytes, now: datetime) -> bool:
    from cryptography import x509

    return x509.load_pem_x509_certificate(pem).not_valid_after_utc - RENEW_BEFORE > now


def _self_signed(key, addresses: list, now: datetime) -> bytes:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    name = x509.Name(
        [x509.NameAttribute(NameOID.COMMON_NAME, f"Between Sessions ({addresses[0]})")]
    )
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=CERT_DAYS))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(a) for a in addresses]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .sign(key, hashes.SHA256())
    )
    return cert.public_bytes(serialization.Encoding.PEM)
