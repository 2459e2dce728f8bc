"""QR codes for posters: an SVG with one path, drawn by the `qrcode` package (no raster image)."""

from __future__ import annotations

import qrcode
import qrcode.constants
from qrcode.image.svg import SvgPathImage


def qr_svg(url: str) -> str:
    """The QR code of `url` as a standalone SVG document (medium error correction)."""
    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        border=4,
        image_factory=SvgPathImage,
    )
    code.add_data(url)
    code.make(fit=True)
    image = code.make_image()
    svg: bytes | str = image.to_string(encoding="unicode")
    return svg.decode() if isinstance(svg, bytes) else svg
