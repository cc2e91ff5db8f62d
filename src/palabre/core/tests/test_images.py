"""Pictures are written anew without what they tell of their author: the same picture, the
same format, turned upright, and nothing else."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageChops

from palabre.core import images
from palabre.core.images import image_without_metadata
from palabre.core.tests.images import (
    annotated_png,
    cut_photo,
    leaks,
    location_exif,
    phone_photo,
    srgb_profile,
)
from palabre.core.validators import validate_image


def opened(file) -> Image.Image:
    file.seek(0)
    image = Image.open(io.BytesIO(file.read()))
    image.load()
    return image


def saved(image: Image.Image, name: str, **options) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    image.save(buffer, **options)
    return SimpleUploadedFile(name, buffer.getvalue())


def test_a_phone_photo_loses_its_location_and_stands_upright():
    sent = phone_photo("IMG_0042.jpg")
    assert leaks(sent.read()) != []
    cleaned = image_without_metadata(sent)
    assert cleaned.name == "IMG_0042.jpg"
    assert leaks(cleaned.read()) == []
    picture = opened(cleaned)
    assert picture.format == "JPEG"
    assert dict(picture.getexif()) == {}
    assert "comment" not in picture.info and "xmp" not in picture.info
    # The colour profile is part of how it looks: it stays.
    assert picture.info["icc_profile"] == srgb_profile()
    # Turned a quarter clockwise: the blue left half is now the top.
    assert picture.size == (20, 40)
    blue, red = picture.getpixel((10, 5)), picture.getpixel((10, 35))
    assert blue[2] > 200 and blue[0] < 50
    assert red[0] > 200 and red[2] < 50


def test_a_jpeg_photo_is_not_degraded_again():
    photo = Image.effect_noise((64, 48), 40).convert("RGB")
    sent = saved(photo, "photo.jpg", format="JPEG", quality=85, exif=location_exif())
    before = opened(sent)
    cleaned = image_without_metadata(sent)
    after = opened(cleaned)
    # Its own tables: pixels within a few levels (decoding and encoding again rounds a
    # little), a file no larger.
    difference = ImageChops.difference(before.convert("RGB"), after)
    assert max(high for _low, high in difference.getextrema()) <= 8
    assert cleaned.size <= sent.size


def test_a_png_loses_its_text_and_keeps_its_pixels():
    sent = annotated_png()
    original = opened(sent)
    assert original.text
    cleaned = image_without_metadata(sent)
    assert leaks(cleaned.read()) == []
    picture = opened(cleaned)
    assert picture.format == "PNG" and picture.mode == "RGBA"
    assert picture.text == {} and "exif" not in picture.info
    assert ImageChops.difference(original, picture).getbbox() is None
    assert picture.getpixel((0, 0))[3] == 0


def test_an_animation_keeps_its_frames_and_timing_and_loses_its_comment():
    frames = [Image.new("RGB", (10, 10), (80 * number, 0, 0)) for number in range(3)]
    sent = saved(
        frames[0],
        "moving.gif",
        format="GIF",
        save_all=True,
        append_images=frames[1:],
        duration=[100, 200, 300],
        loop=0,
        comment=b"Taken at home",
    )
    cleaned = image_without_metadata(sent)
    assert leaks(cleaned.read()) == []
    picture = Image.open(cleaned)
    assert (picture.format, picture.n_frames, picture.info["loop"]) == ("GIF", 3, 0)
    durations = []
    for number in range(3):
        picture.seek(number)
        durations.append(picture.info["duration"])
        assert picture.convert("RGB").getpixel((5, 5))[0] == pytest.approx(80 * number, abs=2)
    assert durations == [100, 200, 300]
    assert "comment" not in picture.info


@pytest.mark.parametrize(("lossless", "bitstream"), [(True, b"VP8L"), (False, b"VP8 ")])
def test_a_webp_stays_lossless_or_lossy_and_loses_its_exif(lossless, bitstream):
    picture = Image.new("RGB", (16, 16), "orange")
    sent = saved(
        picture,
        "sticker.webp",
        format="WEBP",
        lossless=lossless,
        exif=location_exif(),
        xmp=b"<x:xmpmeta>home-address</x:xmpmeta>",
    )
    cleaned = image_without_metadata(sent)
    data = cleaned.read()
    assert leaks(data) == [] and b"EXIF" not in data and b"XMP " not in data
    assert data[12:16] == bitstream
    assert opened(cleaned).format == "WEBP"


def test_pictures_with_too_many_pixels_are_refused(monkeypatch):
    monkeypatch.setattr(images, "MAX_PIXELS", 40 * 20 - 1)
    with pytest.raises(ValidationError) as raised:
        image_without_metadata(phone_photo())
    assert raised.value.messages == ["This image has too many pixels."]


def test_a_picture_that_cannot_be_read_to_the_end_is_refused():
    truncated = cut_photo()
    validate_image(truncated)
    with pytest.raises(ValidationError) as raised:
        image_without_metadata(truncated)
    assert raised.value.messages[0].startswith("This file is not an image.")


def test_a_picture_cut_short_is_refused_even_after_weasyprint_was_imported():
    import weasyprint  # noqa: F401 (its import switches Pillow's truncated pictures on)

    with pytest.raises(ValidationError):
        image_without_metadata(cut_photo())


def test_a_picture_larger_once_written_again_is_refused(settings):
    noise = Image.effect_noise((64, 64), 80).convert("RGB")
    sent = saved(noise, "noise.webp", format="WEBP", quality=5)
    settings.PALABRE_MAX_IMAGE_BYTES = sent.size
    with pytest.raises(ValidationError) as raised:
        image_without_metadata(sent)
    assert raised.value.messages[0].startswith("This image is too large")


def test_a_phone_photo_holding_several_pictures_is_kept_as_its_first_one():
    photo = Image.new("RGB", (30, 20), (200, 30, 30))
    depth = Image.new("RGB", (30, 20), (0, 0, 0))
    sent = saved(
        photo, "portrait.jpg", format="MPO", save_all=True, append_images=[depth],
        exif=location_exif(),
    )  # fmt: skip
    assert opened(sent).format == "MPO"
    validate_image(sent)  # accepted like any JPEG: browsers show its first picture
    cleaned = image_without_metadata(sent)
    picture = opened(cleaned)
    assert picture.format == "JPEG" and getattr(picture, "n_frames", 1) == 1
    assert dict(picture.getexif()) == {}
    assert picture.getpixel((5, 5))[0] > 150
