"""Scanned copies of the project's own PDFs: pages drawn as pictures, turned a little, saved as JPEG.

A scan is an image-only PDF (no text layer, no drawn paths), like a signed paper run through an office
scanner: each page rendered at `dpi`, turned by `angle` degrees around its centre, JPEG-compressed at
`quality` (the blocky noise a scanner's JPEG leaves), and placed as one picture filling its page.
"""

from __future__ import annotations

import io
from pathlib import Path

import cv2
import numpy as np
import pypdfium2 as pdfium


def scanned_pages(pdf: Path, dpi: int, angle: float = 0.0, quality: int = 75) -> list[tuple[bytes, float, float]]:
    """Each page of `pdf` as JPEG bytes of its picture, with the page's width and height in points."""
    document = pdfium.PdfDocument(str(pdf))
    pages = []
    try:
        for page in document:
            width, height = page.get_size()
            image = page.render(scale=dpi / 72, grayscale=True).to_numpy().copy()
            if angle:
                rows, columns = image.shape
                matrix = cv2.getRotationMatrix2D((columns / 2, rows / 2), angle, 1.0)
                image = cv2.warpAffine(image, matrix, (columns, rows), flags=cv2.INTER_LINEAR, borderValue=255)
            ok, jpeg = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, quality])
            assert ok
            pages.append((jpeg.tobytes(), width, height))
    finally:
        document.close()
    return pages


def scan(pdf: Path, output: Path, dpi: int, angle: float = 0.0, quality: int = 75) -> Path:
    """Write an image-only PDF of `pdf` as a scanner would at `dpi`, turned by `angle` degrees."""
    scanned = pdfium.PdfDocument.new()
    for jpeg, width, height in scanned_pages(pdf, dpi, angle, quality):
        image = pdfium.PdfImage.new(scanned)
        image.load_jpeg(io.BytesIO(jpeg), inline=True)
        image.set_matrix(pdfium.PdfMatrix().scale(width, height))
        page = scanned.new_page(width, height)
        page.insert_obj(image)
        page.gen_content()
    scanned.save(str(output))
    scanned.close()
    return output


def picture(pdf: Path, output: Path, dpi: int, angle: float = 0.0, page: int = 1) -> Path:
    """One page of `pdf` as a PNG picture (a photo or scan saved as a picture file)."""
    jpeg, _, _ = scanned_pages(pdf, dpi, angle, quality=90)[page - 1]
    image = cv2.imdecode(np.frombuffer(jpeg, np.uint8), cv2.IMREAD_GRAYSCALE)
    cv2.imwrite(str(output), image)
    return output

