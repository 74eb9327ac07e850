"""Letting the person's own phone in, and nobody else (`between app --phone`).

Three things, each kept owner-only (0600) beside the journal:
- a **pairing secret**: 32 random bytes (`secrets.token_urlsafe(32)`), made once, replaced by
  `between pair --new` (which locks out every device paired with the old one);
- a **self-signed certificate** and its key for the home-network address, so the phone talks
  HTTPS; made once, and made again when the address changes or the certificate nears its end.

The app asks every browser that is not on this computer for the secret (`is_this_computer`,
`secret_matches`), compares it in constant time, and after `MAX_WRONG` wrong secrets within
`WINDOW_SECONDS` refuses all pairing for `WINDOW_SECONDS` (`PairingGuard`).

Nothing here sends anything: the home address is read from the routing table (`ip route`), not
found by contacting anyone.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import ipaddress
import os
import re
import secrets
import subprocess
import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from analytics import clock

SECRET_FILE = "pairing-secret"
CERT_FILE = "phone-cert.pem"
KEY_FILE = "phone-key.pem"
PAIRING_FILES = (SECRET_FILE, CERT_FILE, KEY_FILE)
PAIR_PARAMETER = "pair"
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


def folder_for(journal: str | Path) -> Path:
    """Where the secret and certificate live: beside the journal."""
    return Path(journal).expanduser().resolve().parent


# --- the home-network address -----------------------------------------------------------


def home_address(run: Callable[[list[str]], str] | None = None) -> str:
    """This computer's address on the network with the default route (Linux `ip route`).

    Reads the default gateway, then asks the routing table which local address reaches it
    (`ip route get GATEWAY` answers from the table; no packet is sent). Raises `NoHomeAddress`.
    """
    run = run or _ip
    try:
        default = run(["ip", "-4", "route", "show", "default"])
        gateway = re.search(r"\bvia\s+(\S+)", default)
        device = re.search(r"\bdev\s+(\S+)", default)
        if gateway:
            found = re.search(r"\bsrc\s+(\S+)", run(["ip", "-4", "route", "get", gateway[1]]))
        elif device:
            found = re.search(
                r"\binet\s+([\d.]+)", run(["ip", "-4", "-o", "addr", "show", device[1]])
            )
        else:
            found = None
    except (OSError, subprocess.CalledProcessError):
        found = None
    if not found or is_loopback_ip(found[1]):
        raise NoHomeAddress(
            "Could not find this computer's home-network address. Give it yourself, for "
            "example `between app --phone 192.168.1.20` (your network settings show it)."
        )
    return found[1]


def _ip(command: list[str]) -> str:
    return subprocess.run(command, capture_output=True, text=True, check=True, timeout=5).stdout


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
    """Write `data` to `path` owner-only (0600), whole or not at all (temporary file + rename)."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        os.fchmod(handle, 0o600)  # mkstemp makes 0600 already; said here so it is never missed
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _private_read(path: Path) -> bytes | None:
    """The file's bytes, after making it owner-only if it was not; None if it is missing."""
    try:
        if path.stat().st_mode & 0o077:
            os.chmod(path, 0o600)
        return path.read_bytes()
    except FileNotFoundError:
        return None


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
    """Replace the pairing secret: every device paired with the old one is locked out."""
    secret = secrets.token_urlsafe(32)
    write_private(folder / SECRET_FILE, secret.encode("ascii") + b"\n")
    return secret


def fingerprint(secret: str) -> str:
    """What a paired session remembers: a digest of the secret it paired with, not the secret."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def secret_matches(given: str | None, current: str | None) -> bool:
    """Constant-time comparison of a secret from a link with the one in force."""
    if not given or not current:
        return False
    return hmac.compare_digest(given.encode("utf-8"), current.encode("utf-8"))


def still_paired(remembered: str | None, current: str | None) -> bool:
    """A session paired earlier stays paired only while its secret is still the one in force."""
    if not remembered or not current:
        return False
    return hmac.compare_digest(remembered.encode("ascii"), fingerprint(current).encode("ascii"))


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


class PairingGuard:
    """Server-wide count of wrong secrets: `MAX_WRONG` within `WINDOW_SECONDS` pause all
    pairing for `WINDOW_SECONDS`. Thread-safe (every browser session runs in its own thread)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._wrong: deque[float] = deque()
        self._paused_until = 0.0

    def paused(self) -> bool:
        with self._lock:
            return self._clock() < self._paused_until

    def attempt(self, given: str | None, current: str | None) -> bool:
        """True if `given` is the secret in force and pairing is not paused; a wrong one is counted."""
        with self._lock:
            now = self._clock()
            if now < self._paused_until:
                return False
            if secret_matches(given, current):
                return True
            self._wrong.append(now)
            while self._wrong and self._wrong[0] <= now - WINDOW_SECONDS:
                self._wrong.popleft()
            if len(self._wrong) >= MAX_WRONG:
                self._paused_until = now + WINDOW_SECONDS
                self._wrong.clear()
            return False


# --- the certificate --------------------------------------------------------------------


@dataclass(frozen=True)
class Certificate:
    cert_file: Path
    key_file: Path
    made: bool
    """True when this call made it (first start, a new address, or the old one nearing its end)."""


def ensure_certificate(folder: Path, address: str, now: datetime | None = None) -> Certificate:
    """A self-signed certificate for `address` (as its SubjectAltName IP), owner-only beside
    the journal; the one there is kept while it names that address and has 30 days left."""
    now = now or clock.now(UTC)
    cert_file, key_file = folder / CERT_FILE, folder / KEY_FILE
    existing = _private_read(cert_file)
    if existing and _private_read(key_file) and _fits(existing, address, now):
        return Certificate(cert_file, key_file, made=False)
    cert_pem, key_pem = _self_signed(address, now)
    write_private(key_file, key_pem)
    write_private(cert_file, cert_pem)
    return Certificate(cert_file, key_file, made=True)


def certificate_addresses(pem: bytes) -> list[str]:
    from cryptography import x509

    cert = x509.load_pem_x509_certificate(pem)
    names = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    return [str(ip) for ip in names.get_values_for_type(x509.IPAddress)]


def _fits(pem: bytes, address: str, now: datetime) -> bool:
    from cryptography import x509

    try:
        cert = x509.load_pem_x509_certificate(pem)
        wanted = ipaddress.ip_address(address.strip("[]"))
        return [ipaddress.ip_address(a) for a in certificate_addresses(pem)] == [
            wanted
        ] and cert.not_valid_after_utc - RENEW_BEFORE > now
    except (ValueError, x509.ExtensionNotFound):
        return False


def _self_signed(address: str, now: datetime) -> tuple[bytes, bytes]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"Between Sessions ({address})")])
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=CERT_DAYS))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address(address.strip("[]")))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return cert.public_bytes(serialization.Encoding.PEM), key_pem
