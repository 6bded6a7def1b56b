"""The analyst's Ed25519 signing key: made on first use, kept in the user data folder.

The private key is an OpenSSH private key file (no passphrase, mode 0600) and the public key an
OpenSSH public line ``ssh-ed25519 AAAA… <identity>``, so both work with ``ssh-keygen`` as they
are. The identity (the principal ``ssh-keygen -Y verify -I`` asks for) is the analyst's name
from settings, made safe for an ``allowed_signers`` file, fixed when the key is made and kept in
the public key's comment. A key file that cannot be read is an error, never a reason to make a
new key silently: a new key would make every earlier bundle look signed by someone else.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
    load_ssh_private_key,
)

from osint_desk.core.errors import OsintDeskError
from osint_desk.core.exports.ssh_signature import (
    KEY_TYPE,
    NAMESPACE,
    SignatureError,
    fingerprint,
    key_from_blob,
    public_key_blob,
)
from osint_desk.core.paths import analyst_name, user_data_dir

FOLDER = "signing"
PRIVATE = "id_ed25519"
PUBLIC = "id_ed25519.pub"
DEFAULT_IDENTITY = "osint-desk"
_MAX_KEY_FILE = 16 * 1024


class SigningKeyError(OsintDeskError):
    """The key files exist but cannot be used; they are left as they are."""


@dataclass(frozen=True, slots=True)
class SigningKey:
    """The analyst's key pair and the identity it signs as."""

    private: Ed25519PrivateKey
    identity: str

    @property
    def blob(self) -> bytes:
        return public_key_blob(self.private.public_key())

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.blob)

    @property
    def public_line(self) -> str:
        """``ssh-ed25519 AAAA… identity`` (no newline)."""
        key = self.private.public_key().public_bytes(Encoding.OpenSSH, PublicFormat.OpenSSH)
        return f"{key.decode('ascii')} {self.identity}"

    def allowed_signers_line(self, namespace: str = NAMESPACE) -> str:
        """The line of an ``allowed_signers`` file that trusts this key for ``namespace``."""
        key = " ".join(self.public_line.split(" ")[:2])
        return f'{self.identity} namespaces="{namespace}" {key}'


def principal(name: str) -> str:
    """``name`` as an allowed-signers principal: letters, digits and ``.@_+-`` only (no
    spaces, quotes, commas or pattern characters), at most 64 characters."""
    cleaned = "".join(ch if ch.isalnum() or ch in ".@_+-" else "_" for ch in name.strip())
    cleaned = cleaned.strip("_.-")[:64]
    return cleaned or DEFAULT_IDENTITY


def key_folder() -> Path:
    return user_data_dir() / FOLDER


def parse_public_line(text: str, name: str) -> tuple[bytes, str]:
    """The key blob and identity of an ``ssh-ed25519 AAAA… identity`` line."""
    import base64
    import binascii

    parts = text.strip().split()
    if len(parts) < 2 or parts[0] != KEY_TYPE:
        raise SignatureError(f"{name}: not an ssh-ed25519 public key line")
    try:
        blob = base64.b64decode(parts[1], validate=True)
    except (binascii.Error, ValueError):
        raise SignatureError(f"{name}: the public key's base64 is damaged") from None
    key_from_blob(blob, name)
    return blob, " ".join(parts[2:])


def load_or_create_key(folder: Path | None = None) -> SigningKey:
    """The analyst's key from ``folder`` (default: the user data folder), made if there is
    none. Raises ``SigningKeyError`` when a key file is there but damaged or mismatched."""
    folder = key_folder() if folder is None else folder
    private_path, public_path = folder / PRIVATE, folder / PUBLIC
    if not private_path.exists():
        if public_path.exists():
            raise SigningKeyError(
                f"{PRIVATE}: the private signing key is missing from {folder} but its public key"
                f" is there; restore the private key, or move {PUBLIC} away to make a new key")
        folder.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(OSError):
            os.chmod(folder, 0o700)
        identity = principal(analyst_name())
        key = Ed25519PrivateKey.generate()
        data = key.private_bytes(Encoding.PEM, PrivateFormat.OpenSSH, NoEncryption())
        if _write_new(private_path, data, 0o600):
            made = SigningKey(key, identity)
            _write_replace(public_path, (made.public_line + "\n").encode("ascii"), 0o644)
            return made
        # Another process made the key first: use that one.
    key = _read_private(private_path)
    made = SigningKey(key, DEFAULT_IDENTITY)
    if not public_path.exists():
        made = SigningKey(key, principal(analyst_name()))
        _write_replace(public_path, (made.public_line + "\n").encode("ascii"), 0o644)
        return made
    text = _read_bounded(public_path).decode("ascii", errors="replace")
    try:
        blob, identity = parse_public_line(text, PUBLIC)
    except SignatureError as exc:
        raise SigningKeyError(f"{exc} (in {folder}; it was left as it is)") from None
    if blob != made.blob:
        raise SigningKeyError(f"{PUBLIC}: does not belong to the private key beside it in"
                              f" {folder}; restore the matching pair")
    return SigningKey(key, principal(identity) if identity else DEFAULT_IDENTITY)


def _read_bounded(path: Path) -> bytes:
    with path.open("rb") as handle:
        data = handle.read(_MAX_KEY_FILE + 1)
    if len(data) > _MAX_KEY_FILE:
        raise SigningKeyError(f"{path.name}: too large to be a signing key")
    return data


def _read_private(path: Path) -> Ed25519PrivateKey:
    data = _read_bounded(path)
    try:
        key = load_ssh_private_key(data, password=None)
    except (ValueError, TypeError) as exc:
        raise SigningKeyError(
            f"{path.name}: the signing key in {path.parent} is damaged or protected by a"
            f" passphrase ({exc}); it was left as it is and no new key was made") from None
    except Exception as exc:  # cryptography's UnsupportedAlgorithm and kin
        raise SigningKeyError(f"{path.name}: the signing key cannot be read ({exc})") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise SigningKeyError(f"{path.name}: the signing key is not an Ed25519 key")
    return key


def _temp_beside(path: Path, data: bytes, mode: int) -> Path:
    temp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), mode)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, mode)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    return temp


def _write_new(path: Path, data: bytes, mode: int) -> bool:
    """Write ``path`` complete or not at all; False (nothing written) when it already exists."""
    temp = _temp_beside(path, data, mode)
    try:
        try:
            os.link(temp, path)
        except FileExistsError:
            return False
        except OSError:  # no hard links on this file system
            if path.exists():
                return False
            os.replace(temp, path)
        return True
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temp)


def _write_replace(path: Path, data: bytes, mode: int) -> None:
    temp = _temp_beside(path, data, mode)
    try:
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
