"""
PDF signatures end to end: the bundled example signed on the XML and on the PDF.

The XML is signed by four signers (subject teacher, homeroom teacher and
principal per year, the school seal over all), rendered with the signed XML
embedded byte for byte, then signed on the PDF by the principal (certifying)
and the school seal.  Independent tools (pdfsig, qpdf, pdffonts) check the
result; tampering of four kinds is caught.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any, cast

import jsonschema
import pytest
from asn1crypto import cms, keys
from asn1crypto.x509 import DirectoryString, Name
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
)
from pyhanko.sign.general import CMSExtractionError
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
from pyhanko_certvalidator.registry import SimpleCertificateStore
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DictionaryObject, NameObject, StreamObject

from hocbaso.errors import PDFReadError, SigningError
from hocbaso.examples import primary_example
from hocbaso.pdf import check_pair, render_pdf_from_xml
from hocbaso.pdf._content import iter_text_heights
from hocbaso.pdf._sign_off import SIGN_OFF_BOTTOM, SIGN_OFF_PAGE, SIGN_OFF_TOP
from hocbaso.signature import Indication, SignerRole, SubIndication
from hocbaso.signature._pdf_cms import _asn1
from hocbaso.signature._pdf_cms_check import _certificates
from hocbaso.signature._pdf_font import _widths, subset_for
from hocbaso.signature.algorithms import SignatureAlgorithm
from hocbaso.signature.bundle import BundleReport, verify_bundle
from hocbaso.signature.pdf_sign import next_pdf_role, sign_pdf
from hocbaso.signature.pdf_verify import verify_pdf
from hocbaso.signature.pkcs12 import PrivateKeySigner
from hocbaso.signature.report import CheckStatus, TimeSource, load_report_schema
from hocbaso.xml import write_xml

from .conftest import NOW, PKI, SIGNING_TIME, issue, rsa_key
from .test_transcript_signing import _seal, _sign_years, _year_ids

SEAL_TIME = SIGNING_TIME + timedelta(minutes=5)


@pytest.fixture(scope="module")
def signed_xml(pki: PKI) -> bytes:
    example = primary_example()
    return _seal(pki, _sign_years(pki, write_xml(example), _year_ids(example)))


@pytest.fixture(scope="module")
def rendered(signed_xml: bytes) -> bytes:
    return render_pdf_from_xml(signed_xml)


@pytest.fixture(scope="module")
def by_principal(pki: PKI, rendered: bytes) -> bytes:
    return sign_pdf(
        rendered,
        pki.signer(pki.principal),
        role=SignerRole.PRINCIPAL,
        signing_time=SIGNING_TIME,
    )


@pytest.fixture(scope="module")
def bundle(pki: PKI, by_principal: bytes) -> bytes:
    return sign_pdf(
        by_principal,
        pki.signer(pki.seal),
        role=SignerRole.SCHOOL_SEAL,
        signing_time=SEAL_TIME,
    )


def _verify(pki: PKI, pdf: bytes, xml: bytes | None = None) -> BundleReport:
    return verify_bundle(pdf, xml, trust=pki.trust, now=NOW)


def _failed(report: BundleReport) -> set[str]:
    return {c.name for c in report.checks if c.status is CheckStatus.FAILED}


def test_signed_bundle_passes(pki: PKI, bundle: bytes) -> None:
    report = _verify(pki, bundle)

    assert report.indication is Indication.TOTAL_PASSED, report.to_text()
    assert [c.status for c in report.checks] == [CheckStatus.PASSED] * 8
    assert report.xml_signatures is not None
    assert len(report.xml_signatures.signatures) == 3 * 5 + 1
    first, second = report.pdf_signatures.signatures
    assert (first.role, second.role) == (SignerRole.PRINCIPAL, SignerRole.SCHOOL_SEAL)
    assert first.pdf is not None and first.pdf.kind == "certification"
    assert first.pdf.docmdp_permission == "fill-forms"
    assert first.pdf.modification_level == "form-filling"
    assert second.pdf is not None and second.pdf.coverage == "entire-file"
    assert first.validation_time_source is TimeSource.SIGNING_TIME


def test_pdf_signature_checks_are_all_listed(pki: PKI, bundle: bytes) -> None:
    report = verify_pdf(bundle, trust=pki.trust, now=NOW)

    for signature in report.signatures:
        names = [c.name for c in signature.checks]
        assert names[:8] == [
            "integrity.structure",
            "integrity.byte-range-digest",
            "integrity.signature-value",
            "integrity.signing-certificate-binding",
            "integrity.coverage",
            "integrity.modifications",
            "integrity.docmdp",
            "integrity.signature-timestamp",
        ]
        assert all(c.reason for c in signature.checks)


def test_reports_conform_to_the_published_schema(pki: PKI, bundle: bytes) -> None:
    schema = load_report_schema()
    report = _verify(pki, bundle)

    jsonschema.validate(json.loads(report.to_json()), schema)
    jsonschema.validate(report.pdf_signatures.to_dict(), schema)
    assert "bundle.agreement" in report.to_text()


def test_signing_leaves_earlier_bytes_alone(rendered: bytes, bundle: bytes) -> None:
    assert bundle.startswith(rendered)


def test_the_order_is_enforced(pki: PKI, rendered: bytes, bundle: bytes) -> None:
    with pytest.raises(SigningError, match="before 'principal' has signed"):
        sign_pdf(
            rendered,
            pki.signer(pki.seal),
            role=SignerRole.SCHOOL_SEAL,
            signing_time=SEAL_TIME,
        )
    with pytest.raises(SigningError, match="already signed as 'school-seal'"):
        sign_pdf(
            bundle, pki.signer(pki.seal), role=SignerRole.SCHOOL_SEAL, signing_time=NOW
        )
    with pytest.raises(SigningError, match="does not sign the PDF"):
        sign_pdf(
            rendered,
            pki.signer(pki.teacher),
            role=SignerRole.SUBJECT_TEACHER,
            signing_time=NOW,
        )
    assert next_pdf_role(rendered) is SignerRole.PRINCIPAL
    assert next_pdf_role(bundle) is None


def test_a_naive_signing_time_is_refused(pki: PKI, rendered: bytes) -> None:
    with pytest.raises(SigningError, match="has no UTC offset"):
        sign_pdf(
            rendered,
            pki.signer(pki.principal),
            role=SignerRole.PRINCIPAL,
            signing_time=NOW.replace(tzinfo=None),
        )


def test_an_ecdsa_signer_signs_too(pki: PKI, rendered: bytes) -> None:
    signed = sign_pdf(
        rendered,
        pki.signer(pki.teacher),
        role=SignerRole.PRINCIPAL,
        signing_time=SIGNING_TIME,
    )

    report = verify_pdf(signed, trust=pki.trust, now=NOW)
    assert report.indication is Indication.TOTAL_PASSED, report.to_text()


def test_with_a_timestamp_authority_it_is_pades_b_t(pki: PKI, rendered: bytes) -> None:
    tsa = issue("TSA Kiểm Thử", rsa_key(), pki.intermediate, ca=False)
    der = tsa.key.private_bytes(Encoding.DER, PrivateFormat.PKCS8, NoEncryption())
    stamper = DummyTimeStamper(
        tsa_cert=_asn1(tsa.cert),
        tsa_key=keys.PrivateKeyInfo.load(der),
        certs_to_embed=cast(Any, SimpleCertificateStore).from_certs(
            [_asn1(pki.intermediate.cert)]
        ),
        fixed_dt=SIGNING_TIME + timedelta(seconds=30),
    )
    signed = sign_pdf(
        rendered,
        pki.signer(pki.principal),
        role=SignerRole.PRINCIPAL,
        signing_time=SIGNING_TIME,
        timestamper=stamper,
    )

    report = verify_pdf(signed, trust=pki.trust, now=NOW)
    (signature,) = report.signatures
    assert signature.indication is Indication.TOTAL_PASSED, report.to_text()
    assert signature.signature_format == "PAdES-B-T"
    assert signature.validation_time_source is TimeSource.TIMESTAMP


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not on PATH.")
    return path


def test_pdfsig_reports_each_signature_valid(bundle: bytes, tmp_path: Path) -> None:
    target = tmp_path / "signed.pdf"
    target.write_bytes(bundle)
    result = subprocess.run(
        [_tool("pdfsig"), str(target)], capture_output=True, text=True, check=False
    )

    assert result.stdout.count("Signature Validation: Signature is Valid.") == 2
    assert "hocbaso-principal" in result.stdout
    assert "hocbaso-school-seal" in result.stdout


def test_qpdf_check_stays_clean(bundle: bytes, tmp_path: Path) -> None:
    target = tmp_path / "signed.pdf"
    target.write_bytes(bundle)
    result = subprocess.run(
        [_tool("qpdf"), "--check", str(target)],
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "No syntax or stream encoding errors" in result.stdout


def test_pdfa_survives_signing(bundle: bytes, tmp_path: Path) -> None:
    target = tmp_path / "signed.pdf"
    target.write_bytes(bundle)
    fonts = subprocess.run(
        [_tool("pdffonts"), str(target)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    reader = PdfReader(io.BytesIO(bundle))
    root: Any = reader.trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data()
    info: Any = reader.trailer["/Info"].get_object()

    assert len(fonts) == 4 and all(line.split()[-5] == "yes" for line in fonts)
    assert sum("SourceSerifPro-Regular" in line for line in fonts) == 3
    assert b"<pdfaid:part>3</pdfaid:part>" in xmp
    assert "pyHanko" not in str(info["/Producer"])
    assert "/NeedAppearances" not in root["/AcroForm"]
    annotations: Any = reader.pages[1]["/Annots"]
    for annotation in annotations:
        widget = annotation.get_object()
        assert int(widget["/F"]) & 4, "widgets must print (PDF/A)"
        assert list(widget["/AP"].keys()) == ["/N"]


def test_the_block_text_is_vietnamese_and_extractable(bundle: bytes) -> None:
    result = subprocess.run(
        [_tool("pdftotext"), "-f", "2", "-l", "2", "-", "-"],
        input=bundle,
        capture_output=True,
        check=True,
    )
    text = result.stdout.decode()

    assert "XÁC NHẬN CỦA NHÀ TRƯỜNG" in text
    assert "Ký bởi: Hiệu trưởng" in text
    assert "Thời gian ký: 30/05/2021 16:30:00 (+07:00)" in text


def test_the_blocks_stand_in_the_free_foot_of_the_identity_page(bundle: bytes) -> None:
    page = PdfReader(io.BytesIO(bundle)).pages[SIGN_OFF_PAGE]
    printed = [
        y for y, text in iter_text_heights(page) if text.strip() and y > SIGN_OFF_BOTTOM
    ]
    widgets = [a.get_object() for a in page.get("/Annots", [])]
    rects = [[float(v) for v in w["/Rect"]] for w in widgets if w.get("/FT") == "/Sig"]

    # The renderer's text ends above the sign-off area; the blocks fill it.
    assert min(printed) > SIGN_OFF_TOP
    assert len(rects) == 2
    for _, bottom, _, top in rects:
        assert (bottom, top) == (SIGN_OFF_BOTTOM, SIGN_OFF_TOP)


def test_each_certificate_is_carried_once(bundle: bytes) -> None:
    for contents in re.findall(rb"/Contents\s*<([0-9a-fA-F]+)>", bundle):
        signed_data = cms.ContentInfo.load(bytes.fromhex(contents.decode()))["content"]
        carried = [c.chosen.sha256 for c in signed_data["certificates"]]

        assert len(carried) == len(set(carried)) == 2  # the signer's and the CA's


def test_a_byte_flip_in_the_signed_range_is_caught(pki: PKI, bundle: bytes) -> None:
    flipped = bytearray(bundle)
    flipped[12] ^= 0x01

    report = verify_pdf(bytes(flipped), trust=pki.trust, now=NOW)
    for signature in report.signatures:
        assert signature.indication is Indication.TOTAL_FAILED
        assert signature.sub_indication is SubIndication.HASH_FAILURE


def _incremental(pdf: bytes, change: object) -> bytes:
    writer = PdfWriter(io.BytesIO(pdf), incremental=True)
    change(writer)  # type: ignore[operator]  # a callable taking the writer.
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _change_a_score(writer: PdfWriter) -> None:
    page = writer.pages[2]
    contents = page.get_contents()
    assert contents is not None
    data = contents.get_data()
    mark = data.index(b"test_score)>> BDC")
    start = data.index(b"(", mark + 20)
    end = data.index(b") Tj", start)
    contents.set_data(data[:start] + b"(\x01\x01" + data[end:])
    page.replace_contents(contents)


def test_an_appended_revision_changing_a_score_is_caught(
    pki: PKI, bundle: bytes
) -> None:
    tampered = _incremental(bundle, _change_a_score)

    report = _verify(pki, tampered)
    assert report.indication is Indication.TOTAL_FAILED
    for signature in report.pdf_signatures.signatures:
        failed = {c.name for c in signature.checks if c.status is CheckStatus.FAILED}
        assert "integrity.modifications" in failed, signature
    assert "bundle.agreement" in _failed(report)


def _replace_xml(new_xml: bytes) -> object:
    def change(writer: PdfWriter) -> None:
        catalog: Any = writer.root_object
        spec = catalog["/AF"][0].get_object()
        stream = spec["/EF"]["/F"].get_object()
        assert isinstance(stream, StreamObject)
        stream.set_data(new_xml)
        stream[NameObject("/Params")] = stream["/Params"]

    return change


def test_a_replaced_embedded_xml_is_caught(
    pki: PKI, bundle: bytes, signed_xml: bytes
) -> None:
    forged = re.sub(
        rb"<TestScore>\d+</TestScore>",
        b"<TestScore>10</TestScore>",
        signed_xml,
        count=1,
    )
    assert forged != signed_xml
    tampered = _incremental(bundle, _replace_xml(forged))

    report = _verify(pki, tampered)
    assert report.indication is Indication.TOTAL_FAILED
    assert report.pdf_signatures.indication is Indication.TOTAL_FAILED
    assert {"bundle.pdf-signatures", "bundle.xml-signatures"} <= _failed(report)


def test_a_removed_signature_is_caught(
    pki: PKI, bundle: bytes, by_principal: bytes
) -> None:
    removed = bundle[: len(by_principal)]

    report = _verify(pki, removed)
    assert report.indication is Indication.TOTAL_FAILED
    assert "bundle.signing-order" in _failed(report)
    assert "hocbaso-school-seal" in report.pdf_signatures.problems[0]


def test_a_given_xml_is_paired(pki: PKI, bundle: bytes, signed_xml: bytes) -> None:
    report = _verify(pki, bundle, signed_xml)

    assert report.indication is Indication.TOTAL_PASSED, report.to_text()


def test_a_pdf_without_xml_skips_what_needs_it(pki: PKI) -> None:
    corpus = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "pdf_signed"
    minimal = corpus / "pyhanko__pdf__minimal.pdf"
    if not minimal.exists():
        pytest.skip("The shared corpus is not there.")

    report = _verify(pki, minimal.read_bytes())
    statuses = {c.name: c.status for c in report.checks}
    assert statuses["bundle.xml-found"] is CheckStatus.FAILED
    assert statuses["bundle.xml-schema"] is CheckStatus.SKIPPED
    assert statuses["bundle.agreement"] is CheckStatus.SKIPPED
    assert report.indication is Indication.TOTAL_FAILED
    assert report.xml_signatures is None


def test_a_pdfua_part_is_not_taken_for_the_pdfa_part(pki: PKI) -> None:
    corpus = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "pdf_signed"
    both = corpus / "pyhanko__pdf__minimal-pdf-ua-and-a.pdf"
    if not both.exists():
        pytest.skip("The shared corpus is not there.")

    report = _verify(pki, both.read_bytes())
    pdfa = next(c for c in report.checks if c.name == "bundle.pdfa")
    assert "PDF/A part" not in pdfa.reason, pdfa.reason


@pytest.mark.parametrize(
    ("key", "algorithm"),
    [
        (lambda: rsa.generate_private_key(public_exponent=65537, key_size=4096),
         SignatureAlgorithm.RSA_SHA512),
        (lambda: ec.generate_private_key(ec.SECP521R1()), SignatureAlgorithm.ECDSA_SHA512),
        (lambda: ec.generate_private_key(ec.SECP256R1()), SignatureAlgorithm.ECDSA_SHA256),
    ],
    ids=["rsa-4096-sha512", "p521-sha512", "p256-sha256"],
)  # fmt: skip
def test_the_room_reserved_fits_the_signature_closely(
    pki: PKI, rendered: bytes, key: Callable[[], Any], algorithm: SignatureAlgorithm
) -> None:
    holder = issue("Hiệu trưởng", key(), pki.intermediate, ca=False)
    signer = PrivateKeySigner(
        holder.key, holder.cert, chain=[pki.intermediate.cert, pki.root.cert],
        algorithm=algorithm,
    )  # fmt: skip

    signed = sign_pdf(
        rendered, signer, role=SignerRole.PRINCIPAL, signing_time=SIGNING_TIME
    )

    contents = re.findall(rb"/Contents\s*<([0-9a-fA-F]+)>", signed)[-1]
    used = len(contents.rstrip(b"0"))
    # Computed from the certificates and the key: enough, and less than
    # pyHanko's estimate, which adds half the trial CMS's size.
    assert used <= len(contents) < 1.5 * used
    report = verify_pdf(signed, trust=pki.trust, now=NOW)
    assert report.indication is Indication.TOTAL_PASSED, report.to_text()


def _coverage(report: BundleReport) -> list[tuple[CheckStatus, str]]:
    return [
        (c.status, c.reason)
        for s in report.pdf_signatures.signatures
        for c in s.checks
        if c.name == "integrity.coverage"
    ]


def _add_a_blank_page(writer: PdfWriter) -> None:
    writer.add_blank_page(100, 100)


@pytest.mark.parametrize("kind", ["junk", "revision"])
def test_bytes_after_the_last_signature_are_flagged(
    pki: PKI, bundle: bytes, kind: str
) -> None:
    grown = (
        # pyHanko looks for %%EOF in the last 1,024 bytes only.
        bundle + b"\n" + b"%" * 1000
        if kind == "junk"
        else _incremental(bundle, lambda writer: writer.add_metadata({"/X": "y"}))
    )
    tail = len(grown) - len(bundle)

    report = _verify(pki, grown)
    # Every signature holds, but not every byte is vouched for.
    assert report.pdf_signatures.indication is Indication.TOTAL_PASSED
    assert report.indication is Indication.INDETERMINATE, report.to_text()
    (first_status, _), (last_status, last_reason) = _coverage(report)
    assert first_status is CheckStatus.PASSED
    assert last_status is CheckStatus.WARNING
    assert (
        f"but {tail} byte(s) after the last signed revision are covered by no "
        "signature." in last_reason
    )
    pdf_check = next(c for c in report.checks if c.name == "bundle.pdf-signatures")
    assert pdf_check.status is CheckStatus.WARNING
    assert f"{tail} byte(s) after the last signed revision" in pdf_check.reason
    assert f"{tail} byte(s) after the last signed revision" in report.to_text()
    jsonschema.validate(json.loads(report.to_json()), load_report_schema())


def test_an_unsigned_revision_changing_content_still_fails(
    pki: PKI, bundle: bytes
) -> None:
    report = _verify(pki, _incremental(bundle, _add_a_blank_page))

    assert report.indication is Indication.TOTAL_FAILED
    for signature in report.pdf_signatures.signatures:
        failed = {c.name for c in signature.checks if c.status is CheckStatus.FAILED}
        assert "integrity.modifications" in failed, signature
    assert _coverage(report)[-1][0] is CheckStatus.WARNING


def _cid_widths(entries: list[Any]) -> dict[int, float]:
    # ISO 32000-1 §9.7.4.3: ``c [w1 w2 …]`` or ``c_first c_last w``.
    widths: dict[int, float] = {}
    index = 0
    while index < len(entries):
        first, then = int(entries[index]), entries[index + 1]
        if isinstance(then, list):
            widths.update({first + i: float(w) for i, w in enumerate(then)})
            index += 2
        else:
            last, width = int(then), float(entries[index + 2])
            widths.update({c: width for c in range(first, last + 1)})
            index += 3
    return widths


def test_the_block_font_gives_every_glyph_its_width_in_one_run(bundle: bytes) -> None:
    reader = PdfReader(io.BytesIO(bundle))
    fonts = [
        font.get_object()["/DescendantFonts"][0].get_object()
        for page in reader.pages
        for annotation in page.get("/Annots", [])
        for font in annotation.get_object()["/AP"]["/N"]
        .get_object()["/Resources"]["/Font"]
        .get_object()
        .values()
        if font.get_object().get("/Subtype") == "/Type0"
    ]
    subset = subset_for("Ký bởi: Hiệu trưởng, 30/05/2021 Ưư")

    assert fonts, "the signature blocks embed their font"
    for font in fonts:
        entries = list(font["/W"])
        assert len(entries) == 2, "consecutive glyph ids share one entry"
        assert min(_cid_widths(entries)) == 1
    widths = _cid_widths(list(_widths(subset)))
    assert widths == {subset.glyphs[c]: subset.widths[c] for c in subset.glyphs}


def _signed_data(pdf: bytes) -> cms.SignedData:
    root: Any = PdfReader(io.BytesIO(pdf)).trailer["/Root"]
    field = root["/AcroForm"]["/Fields"][0].get_object()
    content: cms.SignedData = cms.ContentInfo.load(bytes(field["/V"]["/Contents"]))[
        "content"
    ]
    return content


def test_a_signer_named_with_other_string_types_is_still_found(
    by_principal: bytes,
) -> None:
    # The issuer in the SignerInfo may be encoded differently from the
    # certificate's (PrintableString for UTF8String): still the same name.
    signed_data = _signed_data(by_principal)
    signer_info = signed_data["signer_infos"][0]
    exact, _ = _certificates(signed_data, signer_info)
    issuer = signer_info["sid"].chosen["issuer"]
    reencoded = Name.load(issuer.dump())
    for rdn in reencoded.chosen:
        for attribute in rdn:
            value = attribute["value"]
            if isinstance(value, DirectoryString):
                attribute["value"] = DirectoryString("bmp_string", value.native)
    signer_info["sid"].chosen["issuer"] = reencoded

    found, others = _certificates(signed_data, signer_info)

    assert reencoded.dump() != issuer.dump()
    assert found.dump() == exact.dump()
    assert exact.dump() not in [c.dump() for c in others]


def test_a_signer_whose_certificate_is_missing_is_not_found(
    by_principal: bytes,
) -> None:
    signed_data = _signed_data(by_principal)
    signer_info = signed_data["signer_infos"][0]
    signer_info["sid"].chosen["serial_number"] = 12345

    with pytest.raises(CMSExtractionError):
        _certificates(signed_data, signer_info)


def test_a_pdf_signing_time_after_now_is_not_established(
    pki: PKI, rendered: bytes
) -> None:
    future = NOW + timedelta(days=30)
    signed = sign_pdf(
        rendered, pki.signer(pki.principal), role=SignerRole.PRINCIPAL,
        signing_time=future,
    )  # fmt: skip

    report = verify_pdf(signed, trust=pki.trust, now=NOW).signatures[0]
    time_check = next(c for c in report.checks if c.name == "policy.signing-time")

    assert report.established_signing_time is None
    assert report.validation_time_source is TimeSource.NOW
    assert time_check.status is CheckStatus.WARNING
    assert "later than the current time" in time_check.reason


def test_a_bundle_cut_inside_its_last_revision_is_unreadable(
    pki: PKI, bundle: bytes
) -> None:
    # The earlier revision's %%EOF is still in the file: a lenient reader
    # would read that revision as the whole document and find it agrees.
    earlier_end = bundle.rfind(b"%%EOF", 0, len(bundle) - 10)
    cut = bundle[: earlier_end + 5000]

    with pytest.raises(PDFReadError, match="does not end with %%EOF"):
        check_pair(cut)
    with pytest.raises(PDFReadError, match="does not end with %%EOF"):
        verify_bundle(cut, trust=pki.trust, now=NOW)
    with pytest.raises(PDFReadError, match="EOF marker not found"):
        verify_pdf(cut, trust=pki.trust, now=NOW)


def test_a_few_bytes_after_the_last_eof_keep_the_bundle_readable(
    pki: PKI, bundle: bytes
) -> None:
    report = verify_bundle(bundle + b"\n" * 100, trust=pki.trust, now=NOW)

    assert report.indication is Indication.INDETERMINATE


def test_the_report_holds_plain_values_only(pki: PKI, bundle: bytes) -> None:
    # A report travels from worker processes and is kept by callers: a PDF
    # library object inside it (pyHanko's string types hold their reader) would
    # keep the whole PDF alive and pickle with it.
    plain = (str, int, float, bool, type(None))

    def foreign(value: object, path: str) -> list[str]:
        if isinstance(value, dict):
            return [bad for k, v in value.items() for bad in foreign(v, f"{path}/{k}")]
        if isinstance(value, list):
            return [
                bad for i, v in enumerate(value) for bad in foreign(v, f"{path}[{i}]")
            ]
        return [] if type(value) in plain else [f"{path}: {type(value).__name__}"]

    report = _verify(pki, bundle)
    assert foreign(report.to_dict(), "") == []
    for signature in report.pdf_signatures.signatures:  # the objects that are pickled
        assert type(signature.signature_id) is str
        assert signature.pdf is not None and type(signature.pdf.field_name) is str


def test_a_validation_time_before_the_signing_time_cannot_pass(
    pki: PKI, bundle: bytes
) -> None:
    # The certificates were valid then; the signatures did not exist yet.
    before = SIGNING_TIME - timedelta(days=1)

    report = verify_bundle(bundle, trust=pki.trust, at=before, now=NOW)
    at_signing = verify_bundle(bundle, trust=pki.trust, at=SEAL_TIME, now=NOW)
    # Within the clock skew allowed to signers (five minutes), as for "now".
    skewed = verify_bundle(
        bundle, trust=pki.trust, at=SEAL_TIME - timedelta(minutes=2), now=NOW
    )

    assert report.indication is Indication.INDETERMINATE
    for part in (report.pdf_signatures, report.xml_signatures):
        assert part is not None
        first = part.signatures[0]
        time_check = next(c for c in first.checks if c.name == "policy.signing-time")
        assert first.sub_indication is SubIndication.NO_POE
        assert time_check.status is CheckStatus.FAILED
        assert "is before the signing time" in time_check.reason
    assert at_signing.indication is Indication.TOTAL_PASSED
    assert skewed.indication is Indication.TOTAL_PASSED


def _inherited_media_box_pdf() -> bytes:
    # One page whose MediaBox sits on the page tree's root, as the standard
    # allows and other tools write (pyHanko's own test files do).
    writer = PdfWriter()
    page = writer.add_blank_page(width=400, height=300)
    pages = cast(DictionaryObject, writer.root_object["/Pages"].get_object())
    pages[NameObject("/MediaBox")] = page[NameObject("/MediaBox")]
    del page[NameObject("/MediaBox")]
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_page_that_inherits_its_media_box_is_signed(pki: PKI) -> None:
    unsigned = _inherited_media_box_pdf()
    assert (
        b"/MediaBox" in unsigned and PdfReader(io.BytesIO(unsigned)).pages[0].mediabox
    )

    signed = sign_pdf(unsigned, pki.signer(pki.principal), role=SignerRole.PRINCIPAL,
                      signing_time=SIGNING_TIME)  # fmt: skip

    report = verify_pdf(signed, trust=pki.trust, now=NOW)
    assert report.indication is Indication.TOTAL_PASSED, report.to_text()
    assert report.signatures[0].signature_id == "hocbaso-principal"
