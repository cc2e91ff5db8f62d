"""Pictures of the demo, drawn on the spot with Pillow so the repository ships no image files.

Each picture depends only on its key (a slug, an organization name): running the demo twice,
or on two machines, draws the same pictures.
"""

import functools
import hashlib
import io
import random

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw, ImageFilter

# Pairs of colours that sit well together and keep white text readable on them.
PALETTES = [
    ("#1c4f8c", "#3fa7a0"),
    ("#274060", "#e07a5f"),
    ("#2d6a4f", "#95d5b2"),
    ("#5a189a", "#f48c06"),
    ("#1d3557", "#a8dadc"),
    ("#9d0208", "#ffba08"),
    ("#3d405b", "#81b29a"),
    ("#006d77", "#ffddd2"),
]


def _rng(key: str) -> random.Random:
    # A seed from a hash rather than `hash()`, which changes with every Python process.
    return random.Random(hashlib.sha256(key.encode()).digest())


def _hex(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))


def _gradient(size: tuple[int, int], start: str, end: str, angle: float) -> Image.Image:
    """A diagonal blend of two colours covering `size`."""
    width, height = size
    side = int((width**2 + height**2) ** 0.5) + 2
    mask = Image.linear_gradient("L").resize((side, side)).rotate(angle, expand=False)
    left, top = (side - width) // 2, (side - height) // 2
    mask = mask.crop((left, top, left + width, top + height))
    return Image.composite(
        Image.new("RGB", size, _hex(end)), Image.new("RGB", size, _hex(start)), mask
    )


def hero_image(
    key: str, palette: int | None = None, size: tuple[int, int] = (1200, 600)
) -> ContentFile:
    """An abstract banner: a gradient with soft circles and a few bands of light, as JPEG.

    `palette` picks the colours (an index in PALETTES) so that neighbouring banners differ;
    by default they follow from the key.
    """
    return ContentFile(_hero_jpeg(key, palette, size), name=f"{key}.jpg")


# Drawing takes most of the time of a demo build; the same key always gives the same
# picture, so a process building the demo several times (the tests) draws each once.
@functools.cache
def _hero_jpeg(key: str, palette: int | None, size: tuple[int, int]) -> bytes:
    rng = _rng(key)
    start, end = rng.choice(PALETTES)
    if palette is not None:
        start, end = PALETTES[palette % len(PALETTES)]
    image = _gradient(size, start, end, rng.uniform(0, 360))
    width, height = size

    # Transparent white, not transparent black: the blur below mixes the colour of the
    # transparent pixels into the edges of the shapes, and black would draw dark rims.
    shapes = Image.new("RGBA", size, (255, 255, 255, 0))
    draw = ImageDraw.Draw(shapes)
    for _circle in range(rng.randint(5, 9)):
        radius = rng.randint(height // 8, height // 2)
        x, y = rng.randint(-radius, width), rng.randint(-radius, height)
        colour = _hex(rng.choice((start, end, "#ffffff")))
        draw.ellipse((x, y, x + 2 * radius, y + 2 * radius), fill=(*colour, rng.randint(40, 110)))
    for _band in range(rng.randint(2, 4)):
        x = rng.randint(0, width)
        slant = rng.randint(-height, height)
        band = rng.randint(20, 90)
        draw.polygon(
            [(x, 0), (x + band, 0), (x + band + slant, height), (x + slant, height)],
            fill=(255, 255, 255, rng.randint(18, 45)),
        )
    shapes = shapes.filter(ImageFilter.GaussianBlur(radius=6))
    image = Image.alpha_composite(image.convert("RGBA"), shapes).convert("RGB")

    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=82, optimize=True, progressive=True)
    return buffer.getvalue()


def logo_image(key: str, primary: str, secondary: str, size: int = 256) -> ContentFile:
    """A palaver tree (the project's namesake) in the organization's colours, as PNG."""
    scale = 4  # drawn larger then reduced, for smooth edges
    big = size * scale
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((0, 0, big - 1, big - 1), fill=_hex(primary))
    trunk = big // 10
    centre = big // 2
    draw.rectangle(
        (centre - trunk // 2, big * 45 // 100, centre + trunk // 2, big * 78 // 100),
        fill=(255, 255, 255),
    )
    # A wide, flat crown of three overlapping discs, as the palaver trees of the savannah.
    crown = _hex(secondary)
    draw.ellipse((big * 14 // 100, big * 26 // 100, big * 50 // 100, big * 54 // 100), fill=crown)
    draw.ellipse((big * 50 // 100, big * 26 // 100, big * 86 // 100, big * 54 // 100), fill=crown)
    draw.ellipse((big * 28 // 100, big * 16 // 100, big * 72 // 100, big * 50 // 100), fill=crown)
    draw.rectangle(
        (big * 22 // 100, big * 76 // 100, big * 78 // 100, big * 80 // 100), fill=(255, 255, 255)
    )
    image = image.resize((size, size), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return ContentFile(buffer.getvalue(), name=f"{key}.png")
