"""Intake: every supported format decodes to clean sRGB pixels; every bad input gets one error."""

from __future__ import annotations

import io
import struct
import zlib

import numpy as np
import pytest
from PIL import Image

from tests.conftest import encode_image, example_bytes
from vivify.errors import PhotoError
from vivify.intake import IntakeLimits, read_photo


def _rgb(w: int = 60, h: int = 40) -> Image.Image:
    a = np.zeros((h, w, 3), np.uint8)
    a[..., 0] = np.linspace(0, 255, w, dtype=np.uint8)[None, :]
    a[:10, :10] = (255, 255, 255)  # a marker in the stored top-left corner
    return Image.fromarray(a)


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "HEIF"])
def test_each_supported_format_decodes(fmt: str) -> None:
    photo = read_photo(encode_image(_rgb(), fmt, quality=95))
    assert photo.pixels.shape == (40, 60, 3)
    assert photo.pixels.dtype == np.uint8
    assert photo.source_format == fmt
    assert photo.pixels[:8, :8].mean() > 200  # the marker survived, unrotated


def test_exif_orientation_is_applied_once_for_jpeg() -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    photo = read_photo(encode_image(_rgb(), "JPEG", exif=exif.tobytes(), quality=95))
    assert photo.pixels.shape == (60, 40, 3)
    # The stored top-left marker is shown at the top-right once turned clockwise.
    assert photo.pixels[:8, -8:].mean() > 200
    assert photo.pixels[:8, :8].mean() < 100


def test_heic_comes_back_rotated_and_is_not_turned_twice() -> None:
    exif = Image.Exif()
    exif[0x0112] = 6
    photo = read_photo(encode_image(_rgb(), "HEIF", exif=exif.tobytes(), quality=95))
    assert photo.source_format == "HEIF"
    assert photo.pixels.shape == (60, 40, 3)
    assert photo.pixels[:8, -8:].mean() > 200


def test_metadata_is_not_kept() -> None:
    exif = Image.Exif()
    exif[0x010F] = "SecretCameraMaker"
    data = encode_image(_rgb(), "JPEG", exif=exif.tobytes(), comment=b"GPS-SECRET")
    assert b"SecretCameraMaker" in data
    photo = read_photo(data)
    # A Photo is pixels and a few facts; nothing of the file's metadata travels with it.
    assert set(vars(photo)) == {"pixels", "source_format", "source_size"}
    assert not photo.pixels.flags.writeable


@pytest.mark.parametrize(
    ("mode", "fill"),
    [
        ("L", 128),
        ("LA", (128, 255)),
        ("RGBA", (10, 200, 30, 255)),
        ("I;16", 40000),
        ("CMYK", (0, 255, 255, 0)),
        ("1", 1),
    ],
)
def test_modes_become_rgb(mode: str, fill: object) -> None:
    image = Image.new(mode, (32, 24), fill)  # type: ignore[arg-type]
    fmt = "JPEG" if mode == "CMYK" else "PNG"
    photo = read_photo(encode_image(image, fmt))
    assert photo.pixels.shape == (24, 32, 3)
    if mode == "I;16":
        assert abs(int(photo.pixels[0, 0, 0]) - round(40000 / 65535 * 255)) <= 1
    if mode == "CMYK":
        r, g, b = photo.pixels[5, 5]
        assert r > 200 and g < 60 and b < 60  # no cyan, full magenta + yellow = red


def test_transparency_is_flattened_onto_white() -> None:
    image = Image.new("RGBA", (20, 20), (0, 0, 0, 0))
    photo = read_photo(encode_image(image, "PNG"))
    assert photo.pixels.min() == 255
    pal = Image.new("P", (20, 20), 0)
    pal.putpalette([0, 0, 0] * 256)
    photo = read_photo(encode_image(pal, "PNG", transparency=0))
    assert photo.pixels.min() == 255


def test_icc_profile_is_converted() -> None:
    from PIL import ImageCms

    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    photo = read_photo(encode_image(_rgb(), "PNG", icc_profile=srgb))
    assert photo.pixels.shape == (40, 60, 3)


def test_large_photos_are_shrunk_to_the_work_size() -> None:
    photo = read_photo(encode_image(_rgb(600, 300), "PNG"), IntakeLimits(work_long_side=200))
    assert photo.size == (200, 100)
    assert photo.source_size == (600, 300)


def test_real_photos_decode() -> None:
    for name in ("china.jpg", "astronaut.png", "coffee.png"):
        photo = read_photo(example_bytes(name))
        assert photo.pixels.ndim == 3 and photo.pixels.shape[2] == 3


# Errors: one clear sentence each.


def _message(data: bytes, limits: IntakeLimits | None = None) -> str:
    with pytest.raises(PhotoError) as info:
        read_photo(data, limits)
    text = str(info.value)
    assert "\n" not in text and text.endswith((".", ")"))
    return text.lower()


def test_empty_file() -> None:
    assert "empty" in _message(b"")


def test_not_an_image() -> None:
    assert "not an image" in _message(b"hello, this is a text file\n" * 20)


def test_truncated_image() -> None:
    data = example_bytes("china.jpg")
    assert "truncated" in _message(data[: len(data) // 2])
    png = encode_image(_rgb(200, 200), "PNG")
    assert "truncated" in _message(png[: len(png) // 2])


@pytest.mark.parametrize("fmt", ["GIF", "BMP", "TIFF"])
def test_unsupported_format(fmt: str) -> None:
    assert "not supported" in _message(encode_image(_rgb(), fmt))


def test_too_many_bytes() -> None:
    assert "too large" in _message(b"\xff" * 2000, IntakeLimits(max_bytes=1000))


def _png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims a huge size: a decompression bomb's calling card."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def test_too_many_pixels() -> None:
    assert "too large" in _message(_png_claiming(30_000, 30_000))


def test_decompression_bomb_warning_is_an_error() -> None:
    # Our own cap raised above Pillow's warning threshold: the warning itself must still refuse.
    limits = IntakeLimits(max_pixels=10**10)
    text = _message(_png_claiming(12_000, 12_000), limits)
    assert "too many pixels" in text


def test_tiny_image() -> None:
    assert "too small" in _message(encode_image(_rgb(8, 8), "PNG"))


def test_a_huge_jpeg_is_decoded_at_a_reduced_scale_and_looks_the_same() -> None:
    """7000x7000 (49 MP) is decoded by the JPEG decoder at 1/2 scale, never at full size, and
    the working photo matches a full decode shrunk the usual way."""
    yy, xx = np.mgrid[0:7000, 0:7000]
    pixels = np.dstack([(xx // 28) % 256, (yy // 28) % 256, ((xx + yy) // 56) % 256])
    image = Image.fromarray(pixels.astype(np.uint8))
    buf = io.BytesIO()
    image.save(buf, "JPEG", quality=90)
    data = buf.getvalue()
    decoded = Image.open(io.BytesIO(data))
    decoded.draft(None, (2160, 2160))
    assert decoded.size == (3500, 3500)  # what the decoder is asked for: half, not all 49 MP
    photo = read_photo(data)
    assert photo.size == (2160, 2160)
    full = np.asarray(Image.open(io.BytesIO(data)).convert("RGB").resize((2160, 2160)))
    assert np.abs(photo.pixels.astype(int) - full.astype(int)).mean() < 4
