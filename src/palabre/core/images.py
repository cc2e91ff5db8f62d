"""Pictures rewritten from their pixels, so that what a camera or a phone adds travels no
further than the upload.

A photo straight from a phone carries the place it was taken (GPS coordinates in its EXIF
data), the device, the time and sometimes the owner's name; editors add XMP and comments. A
participant rarely knows, and a published picture would give them away. Every picture is
therefore stored as a new file of the same format holding only what draws it: the pixels
turned the way the camera said (its orientation), the colour profile, transparency and, for
animations, the frames and their timing.
"""

import io

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageFile, ImageOps, ImageSequence, UnidentifiedImageError

from palabre.core.validators import validate_image

# A JPEG photo is written with its own quantization tables and colour subsampling: the
# pixels come back as they were decoded (no second loss) and the file does not grow, where a
# fixed quality would blur a high-quality photo or swell a compressed one past the limits.
# WebP keeps no such tables: a lossy one is written at this quality.
WEBP_QUALITY = 90
# Decoding a picture takes its pixels in memory (3 to 4 bytes each, and once more while it is
# turned): 50 million pixels, a 48-megapixel phone photo, is as far as a web process goes.
MAX_PIXELS = 50_000_000
# What the encoders need to draw the picture as it was. Everything else read from the file
# (EXIF, XMP, text chunks, comments, application extensions) is left behind.
DRAWING_INFO = ("transparency", "background", "duration", "loop", "disposal", "blend")


def _too_many_pixels() -> ValidationError:
    return ValidationError(_("This image has too many pixels."), code="image_too_large")


def _not_an_image() -> ValidationError:
    return ValidationError(
        _("This file is not an image. Upload a JPEG, PNG, GIF or WebP picture."),
        code="not_an_image",
    )


def _webp_is_lossless(data: bytes) -> bool:
    """Whether a WebP file holds a lossless picture (a `VP8L` bitstream, on its own or as
    the first frame of an animation) rather than a lossy one (`VP8 `): it is written back
    the same way, so that a sharp drawing is not blurred and a photo does not swell."""
    offset = 12  # "RIFF", the size, "WEBP"
    while offset + 8 <= len(data):
        fourcc = data[offset : offset + 4]
        size = int.from_bytes(data[offset + 4 : offset + 8], "little")
        if fourcc == b"VP8L":
            return True
        if fourcc == b"VP8 ":
            return False
        if fourcc == b"ANMF":
            # A frame: its position, size, duration and flags (16 bytes), then its chunks.
            return _webp_is_lossless(b"RIFF\0\0\0\0WEBP" + data[offset + 24 : offset + 8 + size])
        offset += 8 + size + (size % 2)
    return False


def _drawing_only(frame: Image.Image) -> Image.Image:
    frame.info = {key: frame.info[key] for key in DRAWING_INFO if key in frame.info}
    return frame


def _save_options(image_format: str, data: bytes, frames: list[Image.Image], icc) -> dict:
    options: dict = {"format": image_format}
    if icc:
        options["icc_profile"] = icc
    if image_format == "JPEG":
        options |= {"quality": "keep", "subsampling": "keep", "optimize": True}
    elif image_format == "WEBP":
        if _webp_is_lossless(data):
            options["lossless"] = True
        else:
            options["quality"] = WEBP_QUALITY
    if len(frames) > 1:
        options |= {
            "save_all": True,
            "append_images": frames[1:],
            "duration": [frame.info.get("duration", 0) for frame in frames],
        }
        if "loop" in frames[0].info:
            options["loop"] = frames[0].info["loop"]
    return options


def image_without_metadata(upload) -> ContentFile:
    """A copy of an uploaded picture, of the same format and name, without its metadata
    (EXIF with GPS position, XMP, comments, text), its orientation applied to the pixels.

    `upload` must have passed `validate_image`; the copy is checked by it again, since
    writing a picture anew can make it larger than the limit. Raise ValidationError when the
    picture has too many pixels or cannot be read to the end.
    """
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    # A picture cut short is refused, whatever another library told Pillow for the whole
    # process (WeasyPrint, imported to print letters, switches truncated pictures on).
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        with Image.open(io.BytesIO(data)) as image:
            image_format = image.format
            frame_count = getattr(image, "n_frames", 1)
            if image_format == "MPO":
                # A phone photo with extra pictures (depth, HDR): its first picture is a
                # JPEG, kept with its own compression tables.
                image_format, frame_count = "JPEG", 1
                image.format = "JPEG"
            if image.width * image.height * frame_count > MAX_PIXELS:
                raise _too_many_pixels()
            icc = image.info.get("icc_profile")
            if frame_count == 1:
                image.load()
                ImageOps.exif_transpose(image, in_place=True)
                frames = [image]
            else:
                frames = [ImageOps.exif_transpose(frame) for frame in ImageSequence.Iterator(image)]
            frames = [_drawing_only(frame) for frame in frames]
            output = io.BytesIO()
            frames[0].save(output, **_save_options(image_format, data, frames, icc))
    except Image.DecompressionBombError as error:
        raise _too_many_pixels() from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as error:
        raise _not_an_image() from error
    cleaned = ContentFile(output.getvalue(), name=upload.name)
    validate_image(cleaned)
    return cleaned


def clean_image(upload) -> ContentFile:
    """What to store for an uploaded picture: checked by `validate_image`, then copied
    without its metadata. Raise ValidationError when the picture is refused, so that a
    service reports it on the field of the form that sent it and saves nothing."""
    validate_image(upload)
    return image_without_metadata(upload)
