"""The certificate's QR code encodes the public verification address on the site's own address (SITE_URL).

No pure-Python QR decoder was found on PyPI (pyzbar, zxing-cpp and deqr wrap native libraries), so the test
reads the embedded image back out of the PDF with pypdf, samples it module by module, and compares the modules
with segno's encoding of the address the test expects: any other address gives a different pattern."""

import io

import segno
from pypdf import PdfReader

from marketplace.awards.models import Certificate
from marketplace.awards.services_results import publish_results

BORDER = 2  # the quiet zone certificates.qr_png draws around the symbol


def _expected(url: str) -> list[list[bool]]:
    """segno's modules for `url` (dark = True), with the quiet zone."""
    matrix = [[bool(v) for v in row] for row in segno.make(url, error="m").matrix]
    side = len(matrix) + 2 * BORDER
    blank = [[False] * side for _ in range(BORDER)]
    return blank + [[False] * BORDER + row + [False] * BORDER for row in matrix] + blank


def _read(image, side: int) -> list[list[bool]]:
    """The image's modules, read at the centre of each of side × side cells."""
    grey = image.convert("L")
    step = grey.width / side
    return [
        [grey.getpixel((int((x + 0.5) * step), int((y + 0.5) * step))) < 128 for x in range(side)] for y in range(side)
    ]


def test_the_certificate_qr_code_encodes_the_verification_address(app, client, db, running, organiser):
    publish_results(running.to_voting(), organiser, confirmed=("end_vote_early",))
    db.session.commit()
    certificate = db.session.scalars(
        db.select(Certificate).where(Certificate.nomination_id == running.entries[0].id)
    ).one()
    # Downloaded through another host name: the printed code must still carry SITE_URL's address.
    pdf = client.get(f"/awards/certificates/{certificate.code}.pdf", base_url="http://10.0.0.5:8000")

    (embedded,) = PdfReader(io.BytesIO(pdf.data)).pages[0].images
    image = embedded.image
    expected_url = f"http://localhost/awards/verify/{certificate.code}"
    expected = _expected(expected_url)
    by_request_host = _expected(f"http://10.0.0.5:8000/awards/verify/{certificate.code}")
    another_code = _expected("http://localhost/awards/verify/AAAAAAAAAAAAAAAA")

    assert app.config["SERVER_NAME_FOR_MAIL"] == "http://localhost"
    assert image.width == image.height and image.width % len(expected) == 0
    assert _read(image, len(expected)) == expected
    assert _read(image, len(by_request_host)) != by_request_host
    assert _read(image, len(another_code)) != another_code
    assert client.get(f"/awards/verify/{certificate.code}").status_code == 200
