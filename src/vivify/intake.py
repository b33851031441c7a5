"""Photo intake: bytes in, a clean sRGB `Photo` out, or one clear `PhotoError`.

Decoding is guarded (file size, pixel count, decompression bombs), EXIF orientation is applied
exactly once, colour is converted to sRGB, and no metadata survives: the result is pixels only.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

import numpy as np
import pillow_heif
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from vivify.errors import PhotoError
from vivify.types import Photo

pillow_heif.register_heif_opener()

SUPPORTED_FORMATS = ("JPEG", "PNG", "WEBP", "HEIF")
_FORMAT_NAMES = {"MPO": "JPEG"}  # phones write multi-picture JPEGs; the first picture is the photo


@dataclass(frozen=True)
class IntakeLimits:
    """Guards applied before any pixel is decoded."""

    max_bytes: int = 50 * 1024 * 1024
    max_pixels: int = 50_000_000
    work_long_side: int = 2160  # the photo is shrunk to this; no clip needs more


def check_photo_header(data: bytes, limits: IntakeLimits | None = None) -> None:
    """What can be told without decoding the pixels (the file's type, size and dimensions),
    so an edge can refuse a bad photo before it loads anything expensive; `PhotoError` if not."""
    limits = limits or IntakeLimits()
    _check_size(data, limits)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        _open(data, limits)


def read_photo(data: bytes, limits: IntakeLimits | None = None) -> Photo:
    """Decode `data` into a `Photo`, or raise `PhotoError` with one sentence saying why not."""
    limits = limits or IntakeLimits()
    _check_size(data, limits)
    with warnings.catch_warnings():
        # Pillow only warns about a possible decompression bomb; we refuse it.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        image = _open(data, limits)
        rgb = _to_srgb(image)
    return _finish(rgb, _format_of(image), limits)


def _check_size(data: bytes, limits: IntakeLimits) -> None:
    if not data:
        raise PhotoError("The photo file is empty.")
    if len(data) > limits.max_bytes:
        raise PhotoError(
            f"The photo is too large: {len(data) / 1e6:.1f} MB, the limit is "
            f"{limits.max_bytes / 1e6:.0f} MB."
        )


def _open(data: bytes, limits: IntakeLimits) -> Image.Image:
    try:
        image = Image.open(io.BytesIO(data))
    except UnidentifiedImageError:
        raise PhotoError(
            "The file is not an image vivify can read (use JPEG, PNG, WebP or HEIC)."
        ) from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PhotoError(
            "The photo is too large: it has too many pixels to decode safely."
        ) from None
    except (OSError, ValueError, SyntaxError) as exc:
        raise PhotoError(f"The image is damaged and can't be opened ({exc}).") from None
    fmt = _format_of(image)
    if fmt not in SUPPORTED_FORMATS:
        raise PhotoError(f"{fmt or 'This'} images are not supported; use JPEG, PNG, WebP or HEIC.")
    width, height = image.size
    if width < 16 or height < 16:
        raise PhotoError(f"The photo is too small ({width}×{height}); it needs at least 16×16.")
    if width * height > limits.max_pixels:
        raise PhotoError(
            f"The photo is too large: {width}×{height} is {width * height / 1e6:.0f} megapixels, "
            f"the limit is {limits.max_pixels / 1e6:.0f}."
        )
    if fmt == "JPEG" and max(width, height) > 2 * limits.work_long_side:
        # Decode a large JPEG at 1/2, 1/4 or 1/8 scale in the decoder itself (never smaller than
        # the working size), instead of all its pixels only to shrink them afterwards.
        side = limits.work_long_side
        image.draft(None, (side, side))
    try:
        image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PhotoError(
            "The photo is too large: it has too many pixels to decode safely."
        ) from None
    except (OSError, ValueError, SyntaxError, EOFError) as exc:
        if "truncated" in str(exc).lower() or isinstance(exc, EOFError):
            raise PhotoError("The image file is truncated (was the upload cut short?).") from None
        raise PhotoError(f"The image data is damaged and can't be decoded ({exc}).") from None
    return image


def _format_of(image: Image.Image) -> str:
    fmt = (image.format or "").upper()
    return _FORMAT_NAMES.get(fmt, fmt)


def _to_srgb(image: Image.Image) -> Image.Image:
    """Orient once, convert any mode and colour profile to 8-bit sRGB RGB, flatten alpha."""
    if _format_of(image) != "HEIF":
        # pillow-heif hands back pixels with the container's rotation already applied; turning
        # them again by a stale EXIF tag would rotate twice.
        image = ImageOps.exif_transpose(image) or image
    icc = image.info.get("icc_profile")
    image = _to_8bit(image)
    if icc and image.mode in ("RGB", "RGBA", "CMYK", "L", "LA"):
        image = _apply_icc(image, icc)
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        image = Image.alpha_composite(white, rgba)
    return image.convert("RGB")


def _to_8bit(image: Image.Image) -> Image.Image:
    if image.mode in ("I;16", "I;16B", "I;16L", "I;16N", "I"):
        arr = np.asarray(image, dtype=np.float64)
        top = 65535.0 if image.mode.startswith("I;16") or arr.max() > 255 else 255.0
        return Image.fromarray(np.clip(arr / top * 255.0 + 0.5, 0, 255).astype(np.uint8), "L")
    if image.mode == "F":
        arr = np.asarray(image, dtype=np.float64)
        top = 1.0 if arr.max() <= 1.0 else float(arr.max())
        return Image.fromarray(np.clip(arr / top * 255.0 + 0.5, 0, 255).astype(np.uint8), "L")
    if image.mode in ("1", "P", "PA", "YCbCr", "LAB", "HSV"):
        has_alpha = image.mode in ("PA",) or "transparency" in image.info
        return image.convert("RGBA" if has_alpha else "RGB")
    return image


def _apply_icc(image: Image.Image, icc: bytes) -> Image.Image:
    alpha = image.getchannel("A") if image.mode in ("RGBA", "LA") else None
    base = image.convert("RGB" if image.mode == "RGBA" else "L") if alpha else image
    try:
        src = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        dst = ImageCms.createProfile("sRGB")
        converted = ImageCms.profileToProfile(base, src, dst, outputMode="RGB")
    except (ImageCms.PyCMSError, OSError, ValueError):
        # A broken profile is common in the wild; the pixels are still usable as they are.
        return image
    if converted is None:
        return image
    if alpha is not None:
        converted.putalpha(alpha)
    return converted


def _finish(image: Image.Image, fmt: str, limits: IntakeLimits) -> Photo:
    source_size = image.size
    scale = limits.work_long_side / max(source_size)
    if scale < 1.0:
        new_size = (max(1, round(source_size[0] * scale)), max(1, round(source_size[1] * scale)))
        image = image.resize(new_size, Image.Resampling.LANCZOS, reducing_gap=3.0)
    pixels = np.ascontiguousarray(np.asarray(image, dtype=np.uint8))
    pixels.setflags(write=False)
    return Photo(pixels=pixels, source_format=fmt, source_size=source_size)
