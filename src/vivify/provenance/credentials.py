"""Signing credentials for Content Credentials: a local CA made on first use, or a real certificate.

On first use `ensure_credentials(data_dir)` makes, in `data_dir/credentials/`:

- `ca.pem`: a local certificate authority (P-256, `ca=True`, keyCertSign). It is the trust anchor a
  reader configures to see our clips as *Trusted*. Its private key is used once, to issue the
  signer, and is never written anywhere: nobody, including us, can issue another certificate
  under this anchor later.
- `signer.pem`: the ES256 (P-256) signing certificate followed by the CA (leaf first, as c2pa wants
  it): digitalSignature key usage, the emailProtection extended key usage, subject and authority
  key identifiers, and `ca=False`.
- `signer.key`: the signer's private key (PKCS#8 PEM, mode 600).

The three files are written in a temporary folder and moved into place in one rename, so a crash
or a second process never leaves half a set. Later calls reuse the set after checking it (the key
fits the certificate, the certificate was issued by the CA, nothing has expired); a damaged set is a
clear error, never silently replaced, because clips already signed with it point at it.

Lifetimes. We sign offline, with no timestamp authority (TSA). Without a trusted timestamp a
validator can only check the certificate against *today's* date, so every clip's credential turns
Invalid the day its signing certificate expires. The signer therefore lives 10 years and the CA 25
years (the CA outlives its signer, so a signer reissued late in life under a new CA still verifies).
With a TSA (see `SigningConfig`), the timestamp proves the signature was made while the
certificate was valid, and ordinary short-lived certificates are fine.

A real certificate: pass a `SigningConfig` (certificate chain PEM, private key PEM, optional TSA URL
and algorithm) to the signer instead of the local `Credentials`.

The certificates name only "vivify" and a random installation number: they are embedded in every
clip, so they must not carry the user's name, login or host name.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from vivify.errors import VivifyError

CREDENTIALS_DIR = "credentials"
CA_FILE = "ca.pem"
CHAIN_FILE = "signer.pem"
KEY_FILE = "signer.key"

#: Without a timestamp authority a credential is only valid while its certificate is (see above).
SIGNER_LIFETIME = dt.timedelta(days=3653)  # 10 years
CA_LIFETIME = dt.timedelta(days=9132)  # 25 years
#: Backdating covers small clock differences between the signing and the verifying machine.
_BACKDATE = dt.timedelta(hours=1)

#: Signing algorithms c2pa accepts, by the names it uses.
ALGORITHMS = ("es256", "es384", "es512", "ps256", "ps384", "ps512", "ed25519")


class ProvenanceError(VivifyError):
    """Content Credentials can't be made or read (a plain sentence, as every `VivifyError`)."""


class CredentialsError(ProvenanceError):
    """The signing credentials are missing, damaged, expired or unusable."""


@dataclass(frozen=True)
class SigningConfig:
    """What c2pa needs to sign: a certificate chain (leaf first) and its key, both PEM files.

    `tsa_url` is a RFC 3161 timestamp authority: with one, signing needs the network, and a
    credential stays valid after its certificate expires. `alg` is one of `ALGORITHMS` and must
    match the key (es256 for a P-256 key)."""

    cert_chain: Path
    key: Path
    tsa_url: str | None = None
    alg: str = "es256"

    def load(self) -> tuple[bytes, bytes]:
        """The chain and key PEM bytes, checked enough to give a clear error early."""
        if self.alg not in ALGORITHMS:
            raise CredentialsError(
                f"Unknown signing algorithm '{self.alg}'; use one of {', '.join(ALGORITHMS)}."
            )
        chain_pem = _read(self.cert_chain, "certificate chain")
        key_pem = _read(self.key, "private key")
        chain = _certs(chain_pem, self.cert_chain)
        key = _private_key(key_pem, self.key)
        if not _same_public_key(key, chain[0]):
            raise CredentialsError(
                f"The key {self.key} does not belong to the first certificate in {self.cert_chain}."
            )
        return chain_pem, key_pem


@dataclass(frozen=True)
class Credentials:
    """A local signing set: paths, PEM bytes, and the trust anchors that make its clips Trusted."""

    directory: Path
    ca_path: Path
    cert_chain_path: Path
    key_path: Path
    ca_pem: bytes
    cert_chain_pem: bytes
    key_pem: bytes = field(repr=False)
    not_after: dt.datetime

    @property
    def trust_anchors_pem(self) -> bytes:
        """PEM of the certificates a reader trusts for clips signed with this set."""
        return self.ca_pem

    def signing_config(self) -> SigningConfig:
        """The same credentials as a `SigningConfig`: ES256, offline (no TSA)."""
        return SigningConfig(self.cert_chain_path, self.key_path, None, "es256")


def ensure_credentials(data_dir: Path) -> Credentials:
    """The local signing set in `data_dir/credentials/`, created on first use, else checked and
    reused. Raises `CredentialsError` if the set there is damaged or expired."""
    directory = Path(data_dir) / CREDENTIALS_DIR
    if not directory.is_dir() or not any(directory.iterdir()):
        _create(directory, f"vivify local CA {secrets.token_hex(4)}")
    return load_credentials(directory)


WATERMARK_KEY_FILE = "watermark.key"
WATERMARK_KEY_BYTES = 32


def watermark_key(data_dir: Path, *, create: bool = True) -> bytes | None:
    """The instance's secret watermark key, `data_dir/credentials/watermark.key` (32 random
    bytes, readable by its owner only), made on first use when `create`; None when there is
    none and `create` is off. Two processes making it at once end with the same key. Raises
    `CredentialsError` when the file is damaged."""
    path = Path(data_dir) / CREDENTIALS_DIR / WATERMARK_KEY_FILE
    if not path.exists():
        if not create:
            return None
        ensure_credentials(data_dir)  # the key joins the signing set's folder, never makes it
        fd, tmp = tempfile.mkstemp(prefix=".watermark.", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(secrets.token_bytes(WATERMARK_KEY_BYTES))
                out.flush()
                os.fsync(out.fileno())
            os.chmod(tmp, 0o600)
            os.link(tmp, path)  # fails if another process made it first: theirs is kept
        except FileExistsError:
            pass
        finally:
            Path(tmp).unlink(missing_ok=True)
    try:
        key = path.read_bytes()
    except OSError as exc:
        raise CredentialsError(f"The watermark key {path} can't be read: {exc.strerror}.") from None
    if len(key) != WATERMARK_KEY_BYTES:
        raise CredentialsError(
            f"The watermark key {path} is damaged ({len(key)} bytes, not "
            f"{WATERMARK_KEY_BYTES}); restore it from a backup: without it this instance's "
            "marks can't be read."
        )
    return key


def make_test_ca(
    directory: Path,
    name: str = "vivify test CA (not trusted)",
    *,
    valid_from: dt.datetime | None = None,
    signer_lifetime: dt.timedelta = SIGNER_LIFETIME,
    extended_key_usage: x509.ObjectIdentifier = ExtendedKeyUsageOID.EMAIL_PROTECTION,
) -> Credentials:
    """A separate, complete signing set under a CA of its own, written to `directory` (which must
    not hold one yet). For tests: a clip it signs is not Trusted by our anchors; `valid_from` and
    `signer_lifetime` make expired or not-yet-valid signers, `extended_key_usage` signers with
    another purpose (documentSigning, say)."""
    directory = Path(directory)
    if (directory / CA_FILE).exists():
        raise CredentialsError(f"{directory} already holds signing credentials.")
    _create(
        directory,
        name,
        valid_from=valid_from,
        signer_lifetime=signer_lifetime,
        extended_key_usage=extended_key_usage,
    )
    return load_credentials(directory, check_dates=False)


def load_credentials(directory: Path, *, check_dates: bool = True) -> Credentials:
    """Read and check a signing set written by `ensure_credentials` (or `make_test_ca`)."""
    directory = Path(directory)
    paths = [directory / CA_FILE, directory / CHAIN_FILE, directory / KEY_FILE]
    missing = [p.name for p in paths if not p.is_file()]
    if missing:
        raise CredentialsError(
            f"The signing credentials in {directory} are incomplete ({', '.join(missing)} "
            "missing); move the folder away to create new ones."
        )
    ca_path, chain_path, key_path = paths
    ca_pem, chain_pem, key_pem = (_read(p, p.name) for p in paths)
    ca_certs = _certs(ca_pem, ca_path)
    chain = _certs(chain_pem, chain_path)
    key = _key(key_pem, key_path)
    ca, leaf = ca_certs[0], chain[0]
    damaged = _problem(ca_certs, chain, key)
    if damaged:
        raise CredentialsError(
            f"The signing credentials in {directory} are damaged ({damaged}); move the folder away "
            "to create new ones (clips signed with the old ones then read as untrusted here)."
        )
    if check_dates:
        now = dt.datetime.now(dt.UTC)
        for cert, what in ((leaf, "signing certificate"), (ca, "CA certificate")):
            if cert.not_valid_after_utc <= now:
                raise CredentialsError(
                    f"The {what} in {directory} expired on {cert.not_valid_after_utc:%Y-%m-%d}; "
                    "move the folder away to create new credentials."
                )
            if cert.not_valid_before_utc > now + _BACKDATE:
                raise CredentialsError(
                    f"The {what} in {directory} is not valid until "
                    f"{cert.not_valid_before_utc:%Y-%m-%d}; check this computer's clock."
                )
    if key_path.stat().st_mode & 0o077:
        os.chmod(key_path, 0o600)
    return Credentials(
        directory=directory,
        ca_path=ca_path,
        cert_chain_path=chain_path,
        key_path=key_path,
        ca_pem=ca_pem,
        cert_chain_pem=chain_pem,
        key_pem=key_pem,
        not_after=leaf.not_valid_after_utc,
    )


def _problem(
    ca_certs: list[x509.Certificate], chain: list[x509.Certificate], key: ec.EllipticCurvePrivateKey
) -> str | None:
    ca, leaf = ca_certs[0], chain[0]
    if len(ca_certs) != 1:
        return f"{CA_FILE} holds {len(ca_certs)} certificates, not one"
    if len(chain) < 2 or chain[-1] != ca:
        return f"{CHAIN_FILE} does not end with the certificate in {CA_FILE}"
    if not _same_public_key(key, leaf):
        return f"{KEY_FILE} does not belong to the certificate in {CHAIN_FILE}"
    ca_key = ca.public_key()
    if not isinstance(ca_key, ec.EllipticCurvePublicKey):
        return "the CA key is not an elliptic-curve key"
    try:
        leaf.verify_directly_issued_by(ca)
    except (ValueError, TypeError, InvalidSignature):
        return f"the signing certificate was not issued by the CA in {CA_FILE}"
    return None


def _create(
    directory: Path,
    ca_name: str,
    *,
    valid_from: dt.datetime | None = None,
    signer_lifetime: dt.timedelta = SIGNER_LIFETIME,
    extended_key_usage: x509.ObjectIdentifier = ExtendedKeyUsageOID.EMAIL_PROTECTION,
) -> None:
    """Write a new set into `directory` atomically: all three files appear together or not at all.
    If another process got there first, its set is kept."""
    ca_pem, chain_pem, key_pem = _issue(ca_name, valid_from, signer_lifetime, extended_key_usage)
    try:
        directory.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{directory.name}.", dir=directory.parent))  # 700
    except OSError as exc:
        raise CredentialsError(
            f"Can't create signing credentials in {directory}: {exc.strerror}."
        ) from None
    try:
        _write(tmp / KEY_FILE, key_pem, 0o600)
        _write(tmp / CHAIN_FILE, chain_pem, 0o644)
        _write(tmp / CA_FILE, ca_pem, 0o644)
        try:
            os.rename(tmp, directory)  # atomic; fails if `directory` exists and is not empty
        except OSError as exc:
            if not directory.is_dir():  # else another process won the race: use its set
                raise CredentialsError(
                    f"Can't create signing credentials in {directory}: {exc.strerror}."
                ) from None
        else:
            _fsync_dir(directory.parent)
    except OSError as exc:
        raise CredentialsError(
            f"Can't create signing credentials in {directory}: {exc.strerror}."
        ) from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _fsync_dir(path: Path) -> None:
    """Make a rename in `path` durable (where the platform allows opening a folder)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _issue(
    ca_name: str,
    valid_from: dt.datetime | None,
    signer_lifetime: dt.timedelta,
    extended_key_usage: x509.ObjectIdentifier,
) -> tuple[bytes, bytes, bytes]:
    """A fresh CA and a signer it issued: (ca.pem, signer.pem, signer.key) bytes."""
    start = (valid_from or dt.datetime.now(dt.UTC)) - _BACKDATE
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_subject = x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "vivify"),
            x509.NameAttribute(NameOID.COMMON_NAME, ca_name),
        ]
    )
    ca_ski = x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key())
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_subject)
        .issuer_name(ca_subject)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + CA_LIFETIME)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_key_usage(cert_sign=True), critical=True)
        .add_extension(ca_ski, critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_ski), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    leaf = (
        x509.CertificateBuilder()
        .subject_name(
            x509.Name(
                [
                    x509.NameAttribute(NameOID.ORGANIZATION_NAME, "vivify"),
                    x509.NameAttribute(NameOID.COMMON_NAME, "vivify local signer"),
                ]
            )
        )
        .issuer_name(ca_subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + signer_lifetime)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(cert_sign=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([extended_key_usage]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_ski), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    ca_pem = ca.public_bytes(serialization.Encoding.PEM)
    chain_pem = leaf.public_bytes(serialization.Encoding.PEM) + ca_pem
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return ca_pem, chain_pem, key_pem


def _key_usage(*, cert_sign: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=not cert_sign,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=cert_sign,
        crl_sign=cert_sign,
        encipher_only=False,
        decipher_only=False,
    )


def _write(path: Path, data: bytes, mode: int) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.chmod(path, mode)  # O_CREAT's mode is masked by the umask


def _read(path: Path, what: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise CredentialsError(f"Can't read the {what} {path}: {exc.strerror}.") from None


def _certs(pem: bytes, path: Path) -> list[x509.Certificate]:
    try:
        certs = x509.load_pem_x509_certificates(pem)
    except ValueError:
        raise CredentialsError(f"{path} is not a PEM certificate file (damaged?).") from None
    return certs


def _private_key(pem: bytes, path: Path) -> PrivateKeyTypes:
    try:
        return serialization.load_pem_private_key(pem, password=None)
    except (ValueError, TypeError):
        raise CredentialsError(
            f"{path} is not an unencrypted PEM private key (damaged, or protected by a password)."
        ) from None


def _key(pem: bytes, path: Path) -> ec.EllipticCurvePrivateKey:
    key = _private_key(pem, path)
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        raise CredentialsError(f"{path} is not an elliptic-curve (ES256) key.")
    return key


def _same_public_key(key: object, cert: x509.Certificate) -> bool:
    public = getattr(key, "public_key", None)
    if public is None:
        return False
    fmt = (serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return bool(public().public_bytes(*fmt) == cert.public_key().public_bytes(*fmt))
