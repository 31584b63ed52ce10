"""
``hocbaso sign`` and ``hocbaso verify``: XML and PDF signatures from the command line.

Passwords are never taken as plain arguments: they come from an environment
variable named with ``--password-env``, or from a hidden prompt.  A time given
without a UTC offset is read as Vietnam time (+07:00).
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import click
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import load_pem_private_key

from hocbaso._files import read_input, starts_as_pdf
from hocbaso.cli._common import (
    EXIT_INVALID,
    EXIT_OK,
    EXIT_UNUSABLE,
    about,
    check_outputs,
    echo_json,
    parse_time,
    write_output,
)
from hocbaso.errors import HocbasoError, HocbasoValueError, SigningError
from hocbaso.signature import (
    DEFAULT_POLICY,
    Signer,
    SignerRole,
    TrustSettings,
    ValidationPolicy,
    load_trust,
    parse_role,
    sign_document,
)
from hocbaso.signature.pkcs12 import PrivateKey, PrivateKeySigner, load_pkcs12_signer
from hocbaso.signature.sign import check_signing_certificate
from hocbaso.signature.trust import load_certificates

__all__ = ["sign", "verify"]

logger = logging.getLogger(__name__)

_INPUT = click.Path(exists=True, dir_okay=False, readable=True, path_type=Path)
_YEAR = re.compile(r"(\d{4})-(\d{4})")
_T = TypeVar("_T")


def _role(ctx: click.Context, param: click.Parameter, value: str) -> SignerRole:
    try:
        return parse_role(value)
    except HocbasoValueError as exc:
        raise click.BadParameter(str(exc), ctx, param) from exc


def _year(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    match = _YEAR.fullmatch(value) if value is not None else None
    if value is not None and (match is None or int(match[2]) != int(match[1]) + 1):
        raise click.BadParameter(
            f"{value!r} is not a school year; expected e.g. 2020-2021.", ctx, param
        )
    return value


F = TypeVar("F", bound=Callable[..., Any])


def signer_options(command: F) -> F:
    """
    Add the options that choose a signer: a key file, PKCS#12 or a PKCS#11 token.

    The command receives them as ``key``, ``pkcs12``, ``password_env``,
    ``pkcs11``, ``token``, ``key_label``, ``key_id``, ``cert`` and ``chain``;
    :func:`open_signer` turns them into a signer.
    """
    options = [
        click.option("--key", type=_INPUT, help="The private key (PEM, may be encrypted)."),
        click.option("--pkcs12", type=_INPUT,
                     help="A PKCS#12 file with key and certificate."),
        click.option("--password-env", metavar="VAR",
                     help="Read the key's password or token PIN from this variable "
                          "(else prompt)."),
        click.option("--pkcs11", type=_INPUT,
                     help="A PKCS#11 module (the USB token's driver); needs --token "
                          "and a key."),
        click.option("--token", help="With --pkcs11: the token's label."),
        click.option("--key-label", help="With --pkcs11: the private key's label."),
        click.option("--key-id",
                     help="With --pkcs11: the private key's id, in hexadecimal."),
        click.option("--cert", type=_INPUT,
                     help="The signer's certificate (PEM or DER)."),
        click.option("--chain", type=_INPUT, multiple=True,
                     help="Intermediate certificates for KeyInfo."),
    ]  # fmt: skip
    for option in reversed(options):
        command = option(command)
    return command


def signer_files(params: dict[str, Any]) -> list[tuple[str, Path]]:
    """Return the files the key options name (key, certificate, chain…), by option."""
    files: list[tuple[str, Path]] = []
    for name, value in params.items():
        option = "--" + name.replace("_", "-")
        values = value if isinstance(value, tuple) else (value,)
        files.extend((option, path) for path in values if isinstance(path, Path))
    return files


def open_signer(stack: contextlib.ExitStack, params: dict[str, Any]) -> Signer:
    """
    Return the signer the :func:`signer_options` chose; a token stays open in ``stack``.

    :param stack: closes a PKCS#11 session when the command ends.
    :param params: the values of those options, by parameter name.
    :returns: the signer.
    """
    key, pkcs12, pkcs11 = params["key"], params["pkcs12"], params["pkcs11"]
    if pkcs11 is not None and (key is not None or pkcs12 is not None):
        raise click.UsageError("Give --key, --pkcs12 or --pkcs11 (one of them).")
    if pkcs11 is not None:
        token_key = _TokenKey(
            pkcs11, params["token"], params["key_label"], params["key_id"]
        )
        return _token_signer(stack, token_key, params["cert"], params["chain"],
                             params["password_env"])  # fmt: skip
    return _load_signer(
        key, pkcs12, params["cert"], params["chain"], params["password_env"]
    )


@click.command()
@click.argument("xml_file", metavar="FILE", type=_INPUT)
@signer_options
@click.option(
    "--role",
    required=True,
    callback=_role,
    help="subject-teacher, homeroom-teacher, principal, school-seal (or Vietnamese).",
)
@click.option("--year", callback=_year, help="Sign this school year's record.")
@click.option("--whole", is_flag=True, help="Sign the whole transcript.")
@click.option(
    "--at",
    callback=parse_time,
    help="The signing time (ISO 8601, +07:00 if no offset; default: now).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    required=True,
    help="Where to write the signed XML or PDF.",
)
@click.option(
    "--tsa",
    metavar="URL",
    help="PDF only: an RFC 3161 timestamp authority, for PAdES B-T.",
)
@click.option(
    "--break-seals",
    is_flag=True,
    help="XML only: sign even though an earlier seal over the whole transcript will "
    "no longer verify (it must then be made again).",
)
def sign(
    xml_file: Path,
    role: SignerRole,
    year: str | None,
    whole: bool,
    at: datetime | None,
    output: Path,
    tsa: str | None,
    break_seals: bool,
    **signer_params: Any,
) -> int:
    """
    Sign a transcript XML (XAdES-BES) or PDF (PAdES), keeping every other byte.

    XML: the school seal signs the whole transcript by default; the other
    roles sign the school year given with --year.  PDF: the principal signs
    first (and certifies), then the school seal; each adds an incremental
    update with a visible block.
    """
    # Signing in place (-o FILE) is allowed: the signed file keeps every byte
    # of FILE's content and signatures. Writing over a key or certificate is not.
    check_outputs(output, reads=signer_files(signer_params))
    is_pdf = _is_pdf(xml_file)
    if is_pdf and (year is not None or whole):
        raise click.UsageError(
            "--year and --whole choose what an XML signature covers; "
            "a PDF signature covers the whole PDF."
        )
    reference = "" if is_pdf else _reference(role, year, whole)
    signing_time = checked_signing_time(at, datetime.now(UTC))
    with contextlib.ExitStack() as stack:
        signer = open_signer(stack, signer_params)
        check_validity(signer.certificate, signing_time)
        if is_pdf:
            signed = _sign_pdf(xml_file, signer, role, signing_time, tsa)
        else:
            signed = sign_document(
                read_input(xml_file),
                signer,
                reference=reference,
                signing_time=signing_time,
                role=role,
                break_seals=break_seals,
            )
    done = f"Signed {reference or 'the PDF'} as {role.value}; wrote {{output}}."
    write_output(output, signed, done)
    return EXIT_OK


def checked_signing_time(
    at: datetime | None, now: datetime, option: str = "--at"
) -> datetime:
    """Return ``at`` (given as ``option``), refused if after ``now``; else ``now``."""
    # A signature dated after the moment it is made is never taken as signed
    # then by a verifier; refuse it here rather than issue it.
    if at is None:
        return now
    if DEFAULT_POLICY.in_future(at, now):
        raise click.BadParameter(
            f"{at.isoformat()} is later than now ({now.astimezone(at.tzinfo).isoformat()}); "
            "a signature cannot be dated in the future.",
            param_hint=f"'{option}'",
        )
    return at


def check_validity(certificate: x509.Certificate, signing_time: datetime) -> None:
    """Refuse a certificate that is not valid at the signing time."""
    check_signing_certificate(certificate)  # a CA's certificate, whatever the time
    start = certificate.not_valid_before_utc
    end = certificate.not_valid_after_utc
    if start <= signing_time <= end:
        return
    zone = signing_time.tzinfo
    raise SigningError(
        f"The signer's certificate is valid from {start.astimezone(zone).isoformat()} "
        f"to {end.astimezone(zone).isoformat()}, not at the signing time "
        f"{signing_time.isoformat()}: the signature would never verify."
    )


def _is_pdf(path: Path) -> bool:
    with path.open("rb") as handle:
        return starts_as_pdf(handle.read(1024))


def _sign_pdf(
    path: Path,
    signer: Signer,
    role: SignerRole,
    signing_time: datetime,
    tsa: str | None,
) -> bytes:
    from hocbaso.signature.pdf_sign import sign_pdf  # pyHanko loads only for PDFs

    timestamper = None
    if tsa is not None:
        from pyhanko.sign.timestamps import HTTPTimeStamper

        timestamper = HTTPTimeStamper(tsa)
    with about(path):
        return sign_pdf(
            read_input(path),
            signer,
            role=role,
            signing_time=signing_time,
            timestamper=timestamper,
        )


def _reference(role: SignerRole, year: str | None, whole: bool) -> str:
    if year is not None and whole:
        raise click.UsageError("Give --year or --whole, not both.")
    if year is not None:
        return f"#year-{year}"
    if whole or role is SignerRole.SCHOOL_SEAL:
        from hocbaso.xml import ROOT_ID  # the XML package loads the models

        return f"#{ROOT_ID}"
    raise click.UsageError(
        f"A {role.value} signs a school year's record: give --year (or --whole)."
    )


def _load_signer(
    key: Path | None,
    pkcs12: Path | None,
    cert: Path | None,
    chain: Sequence[Path],
    password_env: str | None,
) -> PrivateKeySigner:
    intermediates = [c for path in chain for c in load_certificates(path)]
    certificate = _certificate(cert) if cert is not None else None
    if pkcs12 is not None and key is None:
        return _with_password(
            lambda password: load_pkcs12_signer(
                pkcs12, password, certificate=certificate, chain=intermediates
            ),
            pkcs12,
            password_env,
        )
    if key is None or pkcs12 is not None:
        raise click.UsageError("Give --key, --pkcs12 or --pkcs11 (one of them).")
    if certificate is None:
        raise click.UsageError("--key needs --cert.")
    private = _with_password(
        lambda password: _pem_key(key, password), key, password_env
    )
    return PrivateKeySigner(private, certificate, chain=intermediates)


@dataclass(frozen=True, slots=True)
class _TokenKey:
    module: Path
    token: str | None
    label: str | None
    id_hex: str | None


def _token_signer(
    stack: contextlib.ExitStack,
    where: _TokenKey,
    cert: Path | None,
    chain: Sequence[Path],
    password_env: str | None,
) -> Signer:
    try:
        from hocbaso.signature.pkcs11 import open_pkcs11_signer
    except ImportError as exc:
        raise click.UsageError(
            "--pkcs11 needs python-pkcs11: pip install 'hocbaso[pkcs11]'."
        ) from exc
    if where.token is None:
        raise click.UsageError("--pkcs11 needs --token LABEL.")
    pin = (
        _env_password(password_env).decode()
        if password_env is not None
        else click.prompt(f"PIN for token {where.token}", hide_input=True)
    )
    signer = open_pkcs11_signer(
        str(where.module),
        pin=pin,
        token_label=where.token,
        key_label=where.label,
        key_id=_hex(where.id_hex),
        certificate=_certificate(cert) if cert is not None else None,
        chain=[c for path in chain for c in load_certificates(path)],
    )
    return stack.enter_context(signer)


def _hex(text: str | None) -> bytes | None:
    try:
        return None if text is None else bytes.fromhex(text)
    except ValueError:
        raise click.UsageError(f"--key-id {text!r} is not hexadecimal.") from None


def _certificate(path: Path) -> x509.Certificate:
    certificates = load_certificates(path)
    if len(certificates) != 1:
        raise SigningError(
            f"{path.name!r} holds {len(certificates)} certificates; --cert wants "
            "the signer's only (put intermediates in --chain)."
        )
    return certificates[0]


def _pem_key(path: Path, password: bytes | None) -> PrivateKey:
    data = read_input(path)
    if b"PRIVATE KEY-----" not in data:
        # Not a key at all: say so at once rather than ask for a password.
        held = (
            "a certificate (give it with --cert)"
            if b"CERTIFICATE-----" in data
            else "no PEM private key"
        )
        raise HocbasoValueError(
            f"{path.name!r} holds {held}; --key wants the private key."
        )
    try:
        key = load_pem_private_key(data, password)
    except (TypeError, ValueError) as exc:
        # TypeError: encrypted and no password; ValueError: wrong password or
        # not a key.  Neither message may echo the password.
        raise SigningError(
            f"The private key {path.name!r} cannot be read (password?)."
        ) from exc
    if not isinstance(key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey):
        raise SigningError(f"The key {path.name!r} is not an RSA or EC key.")
    return key


def _with_password(
    load: Callable[[bytes | None], _T], path: Path, password_env: str | None
) -> _T:
    # With --password-env the variable is the only source.  Otherwise try
    # without a password, and prompt (hidden) only if that fails.
    if password_env is not None:
        return load(_env_password(password_env))
    try:
        return load(None)
    except SigningError:
        logger.debug("Loading %s without a password failed; prompting", path.name)
    secret = click.prompt(
        f"Password for {path.name}", hide_input=True, default="", show_default=False
    )
    return load(secret.encode())


def _env_password(name: str) -> bytes:
    value = os.environ.get(name)
    if value is None:
        raise click.UsageError(f"The environment variable {name!r} is not set.")
    return value.encode()


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--trust",
    type=click.Path(exists=True, path_type=Path),
    multiple=True,
    help="Trust anchors: a PEM, DER or PKCS#7 file, or a folder of them.",
)
@click.option(
    "--crl", type=_INPUT, multiple=True, help="A CRL (PEM or DER) to check revocation."
)
@click.option(
    "--signer-cert",
    type=_INPUT,
    multiple=True,
    help="A signer's certificate to trust as it is, with no CA (pinned): for a "
    "signature that names its certificate without carrying it. Only for "
    "certificates you checked yourself.",
)
@click.option(
    "--at",
    callback=parse_time,
    help="Validate at this time (ISO 8601, +07:00 if no offset; default: each "
    "signing time, else now).",
)
@click.option(
    "--allow-weak", is_flag=True, help="Let SHA-1 and MD5 signatures pass (legacy)."
)
@click.option(
    "--json", "as_json", is_flag=True, help="Print one JSON report per file and line."
)
@click.option(
    "--xml",
    "pair_xml",
    type=_INPUT,
    help="PDF only: check the PDF against this XML instead of its embedded one.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=0),
    default=None,
    help="Audit in parallel on N processes (0: one per core); implied by a folder.",
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Batch mode: show a progress bar (default: when stderr is a terminal).",
)
def verify(
    files: tuple[Path, ...],
    trust: tuple[Path, ...],
    crl: tuple[Path, ...],
    signer_cert: tuple[Path, ...],
    at: datetime | None,
    allow_weak: bool,
    as_json: bool,
    pair_xml: Path | None,
    jobs: int | None,
    progress: bool | None,
) -> int:
    """
    Verify each XML or PDF file and report; the same checks alone or in a folder.

    An XML transcript is validated (schema, model, rules) and its signatures
    verified; a signed XML that is not a transcript, on its signatures alone.
    A PDF is verified with its embedded XML (or the one given with --xml):
    schema, rules, XML and PDF signatures, signing order, agreement, PDF/A.
    Exits 0 when every file passes, 1 when any failed or is
    indeterminate (or a file has no signature), and 2 when a file cannot be
    used (missing, not XML or PDF, a DTD) or the trust material cannot be read.

    Given a folder, or --jobs, it audits every XML and PDF file in parallel:
    one line per file (one JSON object with --json), then a summary line.
    Ctrl-C stops such a run with a summary of the files left unchecked, and
    exit code 130.
    """
    if jobs is not None or any(path.is_dir() for path in files):
        if pair_xml is not None:
            raise click.UsageError(
                "--xml pairs one PDF; it cannot be used on a folder."
            )
        from hocbaso.audit import AuditSettings
        from hocbaso.cli._audit import run_batch

        # Each worker loads the trust material again; unreadable material is
        # said once, here, instead of making every file unusable.
        load_trust(trust, crls=crl, pinned=signer_cert)
        batch = AuditSettings(
            now=datetime.now(UTC), at=at, anchors=tuple(map(str, trust)),
            crls=tuple(map(str, crl)), pinned=tuple(map(str, signer_cert)),
            allow_weak=allow_weak,
        )  # fmt: skip
        return run_batch(
            files, batch, jobs=jobs or 0, as_json=as_json, progress=progress
        )

    settings = load_trust(trust, crls=crl, pinned=signer_cert)
    policy = DEFAULT_POLICY.allowing_weak() if allow_weak else DEFAULT_POLICY
    paired = read_input(pair_xml) if pair_xml is not None else None
    codes = [
        _verify_one(path, settings, policy, at=at, as_json=as_json, xml=paired)
        for path in files
    ]
    return max(codes)


def _verify_one(
    path: Path,
    settings: TrustSettings,
    policy: ValidationPolicy,
    *,
    at: datetime | None,
    as_json: bool,
    xml: bytes | None = None,
) -> int:
    # The same per-file check as a folder audit, so that a file gets one
    # verdict (and one JSON shape) however it is given.
    from hocbaso.audit import audit_bytes  # loads the models, pyHanko for a PDF

    try:
        data = read_input(path)
    except HocbasoError as exc:
        return _unusable(path, str(exc), as_json=as_json)
    if xml is not None and not starts_as_pdf(data):
        raise click.UsageError(
            f"--xml pairs a PDF with an XML; {str(path)!r} is not a PDF "
            "(an XML file is verified on its own)."
        )
    audit = audit_bytes(
        str(path), data, trust=settings, policy=policy, at=at,
        now=datetime.now(UTC), xml=xml,
    )  # fmt: skip
    if audit.outcome == "unusable":
        return _unusable(path, audit.reason, as_json=as_json)

    if as_json:
        echo_json(audit.to_dict())
    else:
        click.echo(audit.to_text(), nl=False)
    return EXIT_OK if audit.outcome == "passed" else EXIT_INVALID


def _unusable(path: Path, reason: str, *, as_json: bool) -> int:
    if as_json:
        echo_json({"file": str(path), "outcome": "unusable", "reason": reason})
    click.echo(f"hocbaso: {path}: {reason}", err=True)
    return EXIT_UNUSABLE
