"""Pictures as phones and editors write them, with what they tell about their author, as
form uploads; and what a stored picture still holds."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageCms, PngImagePlugin

# Words written in the metadata of these pictures: none may be found in a stored file.
CAMERA = b"PhoneMaker X12"
COMMENT = b"Taken at home"
XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/">home-address</x:xmpmeta>'
AUTHOR = "Alice Martin"
GPS_IFD = 0x8825
ORIENTATION = 0x0112
MAKE = 0x010F


def srgb_profile() -> bytes:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def location_exif(orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[MAKE] = CAMERA.decode()
    if orientation != 1:
        exif[ORIENTATION] = orientation
    gps = exif.get_ifd(GPS_IFD)
    gps[1], gps[2] = "N", (48.0, 51.0, 24.0)  # latitude
    gps[3], gps[4] = "E", (2.0, 21.0, 8.0)  # longitude
    return exif


def phone_photo(name: str = "photo.jpg") -> SimpleUploadedFile:
    """A JPEG as a phone writes it: GPS position, camera, a comment, XMP and a colour
    profile; held sideways, so its EXIF orientation (6) says to turn it a quarter clockwise.
    Its pixels are 40×20, blue on the left and red on the right: upright it is 20×40, blue
    at the top."""
    image = Image.new("RGB", (40, 20), "red")
    image.paste((0, 0, 255), (0, 0, 20, 20))
    buffer = io.BytesIO()
    image.save(
        buffer,
        format="JPEG",
        quality=95,
        exif=location_exif(orientation=6),
        comment=COMMENT,
        xmp=XMP,
        icc_profile=srgb_profile(),
    )
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def annotated_png(name: str = "drawing.png") -> SimpleUploadedFile:
    """A PNG with text chunks (plain, compressed, international), EXIF and a transparent
    corner."""
    image = Image.new("RGBA", (12, 12), (0, 128, 0, 255))
    image.putpixel((0, 0), (0, 0, 0, 0))
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", AUTHOR)
    info.add_text("Comment", COMMENT.decode(), zip=True)
    info.add_itxt("XML:com.adobe.xmp", XMP.decode())
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", pnginfo=info, exif=location_exif())
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def leaks(data: bytes) -> list[bytes]:
    """What a stored picture still tells of its author, found in its bytes."""
    words = [CAMERA, COMMENT, b"home-address", AUTHOR.encode(), b"Exif\x00\x00", b"xmpmeta"]
    chunks = [b"tEXt", b"zTXt", b"iTXt", b"eXIf"]
    return [word for word in words + chunks if word in data]


def cut_photo(name: str = "cut.jpg") -> SimpleUploadedFile:
    """A JPEG whose headers are whole but whose pixels stop short, as a broken transfer
    leaves it: the quick check of an image passes it, only decoding finds out."""
    buffer = io.BytesIO()
    Image.effect_noise((64, 64), 60).convert("RGB").save(buffer, format="JPEG", quality=90)
    data = buffer.getvalue()
    return SimpleUploadedFile(name, data[: len(data) - 200], content_type="image/jpeg")
