"""The local signing CA: made once, shaped as c2pa requires, reused, and refused when damaged."""

from __future__ import annotations

import datetime as dt
import stat
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from vivify.errors import VivifyError
from vivify.provenance.credentials import (
    CA_LIFETIME,
    SIGNER_LIFETIME,
    CredentialsError,
    SigningConfig,
    ensure_credentials,
    load_credentials,
    make_test_ca,
)


def test_created_once_then_reused(tmp_path: Path) -> None:
    first = ensure_credentials(tmp_path)
    folder = tmp_path / "credentials"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["credentials"]  # no temporary left
    assert sorted(p.name for p in folder.iterdir()) == ["ca.pem", "signer.key", "signer.pem"]
    assert stat.S_IMODE(first.key_path.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    mtimes = {p: p.stat().st_mtime_ns for p in folder.iterdir()}
    second = ensure_credentials(tmp_path)
    assert second == first
    assert {p: p.stat().st_mtime_ns for p in folder.iterdir()} == mtimes
    assert first.trust_anchors_pem == first.ca_pem == first.ca_path.read_bytes()
    assert "key_pem" not in repr(first)


def test_concurrent_first_use_makes_one_set(tmp_path: Path) -> None:
    with ThreadPoolExecutor(4) as pool:
        sets = list(pool.map(lambda _: ensure_credentials(tmp_path), range(4)))
    assert len({c.ca_pem for c in sets}) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["credentials"]


def test_certificates_have_the_shape_c2pa_needs(tmp_path: Path) -> None:
    creds = ensure_credentials(tmp_path)
    leaf, ca_in_chain = x509.load_pem_x509_certificates(creds.cert_chain_pem)
    ca = x509.load_pem_x509_certificate(creds.ca_pem)
    assert ca_in_chain == ca

    assert leaf.extensions.get_extension_for_class(x509.BasicConstraints).value.ca is False
    usage = leaf.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature and not usage.key_cert_sign
    eku = leaf.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert list(eku) == [ExtendedKeyUsageOID.EMAIL_PROTECTION]
    ca_ski = ca.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    aki = leaf.extensions.get_extension_for_class(x509.AuthorityKeyIdentifier).value
    assert aki.key_identifier == ca_ski.digest
    leaf.extensions.get_extension_for_class(x509.SubjectKeyIdentifier)
    public = leaf.public_key()
    assert isinstance(public, ec.EllipticCurvePublicKey) and public.curve.name == "secp256r1"
    leaf.verify_directly_issued_by(ca)

    constraints = ca.extensions.get_extension_for_class(x509.BasicConstraints).value
    assert constraints.ca is True
    assert ca.extensions.get_extension_for_class(x509.KeyUsage).value.key_cert_sign

    # Long lives, because without a timestamp authority a credential dies with its certificate.
    assert leaf.not_valid_after_utc - leaf.not_valid_before_utc == SIGNER_LIFETIME
    assert dt.timedelta(days=365 * 10) <= SIGNER_LIFETIME
    assert ca.not_valid_after_utc - ca.not_valid_before_utc == CA_LIFETIME
    assert ca.not_valid_after_utc > leaf.not_valid_after_utc
    # They are in every clip: they name vivify and nothing about the user or the machine.
    for cert in (leaf, ca):
        names = {a.oid: a.value for a in cert.subject}
        assert set(names) == {NameOID.ORGANIZATION_NAME, NameOID.COMMON_NAME}
        assert names[NameOID.ORGANIZATION_NAME] == "vivify"


def test_two_data_folders_get_different_cas(tmp_path: Path) -> None:
    a, b = ensure_credentials(tmp_path / "a"), ensure_credentials(tmp_path / "b")
    assert a.ca_pem != b.ca_pem
    other = make_test_ca(tmp_path / "other", "someone else")
    assert other.ca_pem not in (a.ca_pem, b.ca_pem)
    with pytest.raises(CredentialsError, match="already"):
        make_test_ca(tmp_path / "other")


@pytest.mark.parametrize(
    ("name", "damage", "message"),
    [
        ("signer.key", b"garbage", "private key"),
        ("ca.pem", b"-----BEGIN CERTIFICATE-----\nAAAA\n", "not a PEM certificate"),
        ("signer.pem", None, "incomplete"),
    ],
)
def test_damaged_credentials_are_a_clear_error(
    tmp_path: Path, name: str, damage: bytes | None, message: str
) -> None:
    creds = ensure_credentials(tmp_path)
    path = creds.directory / name
    if damage is None:
        path.unlink()
    else:
        path.write_bytes(damage)
    with pytest.raises(CredentialsError, match=message) as caught:
        ensure_credentials(tmp_path)
    assert isinstance(caught.value, VivifyError)
    assert str(creds.directory) in str(caught.value)


def test_a_key_from_another_set_is_refused(tmp_path: Path) -> None:
    creds = ensure_credentials(tmp_path / "data")
    other = make_test_ca(tmp_path / "other")
    creds.key_path.write_bytes(other.key_pem)
    with pytest.raises(CredentialsError, match="does not belong"):
        ensure_credentials(tmp_path / "data")
    # A chain from another CA is refused too.
    creds.key_path.write_bytes(creds.key_pem)
    creds.cert_chain_path.write_bytes(other.cert_chain_pem)
    with pytest.raises(CredentialsError, match="does not end with"):
        ensure_credentials(tmp_path / "data")


def test_an_expired_signer_is_refused(tmp_path: Path) -> None:
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=400)
    make_test_ca(tmp_path, valid_from=long_ago, signer_lifetime=dt.timedelta(days=365))
    with pytest.raises(CredentialsError, match="expired"):
        load_credentials(tmp_path)


def test_loose_key_permissions_are_tightened(tmp_path: Path) -> None:
    creds = ensure_credentials(tmp_path)
    creds.key_path.chmod(0o644)
    ensure_credentials(tmp_path)
    assert stat.S_IMODE(creds.key_path.stat().st_mode) == 0o600


def test_signing_config_checks_its_files(tmp_path: Path) -> None:
    a, b = make_test_ca(tmp_path / "a"), make_test_ca(tmp_path / "b")
    config = SigningConfig(a.cert_chain_path, a.key_path, tsa_url="http://tsa.example/")
    assert config.load() == (a.cert_chain_pem, a.key_pem)
    assert a.signing_config() == SigningConfig(a.cert_chain_path, a.key_path, None, "es256")
    with pytest.raises(CredentialsError, match="does not belong"):
        SigningConfig(a.cert_chain_path, b.key_path).load()
    with pytest.raises(CredentialsError, match="algorithm"):
        SigningConfig(a.cert_chain_path, a.key_path, alg="md5").load()
    with pytest.raises(CredentialsError, match="Can't read"):
        SigningConfig(tmp_path / "missing.pem", a.key_path).load()


def test_the_watermark_key_is_made_once_private_and_kept(tmp_path: Path) -> None:
    from vivify.provenance.credentials import watermark_key

    data = tmp_path / "data"
    assert watermark_key(data, create=False) is None  # nothing is made by asking
    key = watermark_key(data)
    assert key is not None and len(key) == 32
    path = data / "credentials" / "watermark.key"
    assert path.stat().st_mode & 0o777 == 0o600
    assert (data / "credentials" / "ca.pem").is_file()  # kept with the signing set
    assert watermark_key(data) == key == watermark_key(data, create=False)
    path.write_bytes(b"short")
    with pytest.raises(CredentialsError, match="damaged"):
        watermark_key(data)
