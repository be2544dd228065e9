"""Images for the demo forum, drawn here with Pillow (no real brand or person): the organizer's
logo, three partners' logos, the issuing official's signature and the host's seal."""

import io
import math

from PIL import Image, ImageDraw, ImageFont


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _font(size: int, bold: bool = True) -> ImageFont.FreeTypeFont:
    from .fonts import static_font

    return ImageFont.truetype(str(static_font("noto-sans", 700 if bold else 400)), size)


def _wordmark(draw: ImageDraw.ImageDraw, xy: tuple[int, int], lines: list[tuple[str, int, tuple]], gap: int = 6) -> None:
    x, y = xy
    for text, size, color in lines:
        font = _font(size, bold=size > 30)
        draw.text((x, y), text, font=font, fill=color)
        y += font.getbbox(text)[3] + gap


def organizer_logo() -> bytes:
    """A digital transformation agency: a hexagon of linked nodes in teal and gold."""
    image = Image.new("RGBA", (400, 400), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    centre, radius = 200, 150
    points = [(centre + radius * math.cos(math.radians(60 * i - 90)), centre + radius * math.sin(math.radians(60 * i - 90)))
              for i in range(6)]
    draw.polygon(points, fill=(14, 94, 110, 255))
    inner = [(centre + 80 * math.cos(math.radians(60 * i - 90)), centre + 80 * math.sin(math.radians(60 * i - 90))) for i in range(6)]
    for i, point in enumerate(inner):
        draw.line((point, inner[(i + 2) % 6]), fill=(255, 255, 255, 200), width=6)
        draw.line(((centre, centre), point), fill=(200, 162, 60, 255), width=8)
    for x, y in inner:
        draw.ellipse((x - 16, y - 16, x + 16, y + 16), fill=(255, 255, 255, 255))
    draw.ellipse((centre - 26, centre - 26, centre + 26, centre + 26), fill=(200, 162, 60, 255))
    return _png(image)


def data_centre_logo() -> bytes:
    """'Sahaba Data Centres': three server racks under a cloud line, and a wordmark."""
    image = Image.new("RGBA", (560, 200), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    for i in range(3):
        x = 20 + i * 52
        draw.rounded_rectangle((x, 50, x + 44, 180), radius=6, fill=(23, 64, 140, 255))
        for row in range(5):
            draw.rectangle((x + 8, 62 + row * 23, x + 36, 70 + row * 23), fill=(110, 190, 255, 255))
    draw.arc((10, 0, 180, 90), start=200, end=340, fill=(110, 190, 255, 255), width=8)
    _wordmark(draw, (200, 52), [("SAHABA", 54, (23, 64, 140, 255)), ("DATA CENTRES", 30, (80, 96, 120, 255))])
    return _png(image)


def smart_city_logo() -> bytes:
    """'Smart City Office': a skyline inside a location pin, and a wordmark."""
    image = Image.new("RGBA", (560, 200), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((20, 10, 170, 160), fill=(0, 122, 94, 255))
    draw.polygon(((40, 120), (150, 120), (95, 195)), fill=(0, 122, 94, 255))
    for x, height in ((50, 50), (75, 80), (100, 100), (125, 65)):
        draw.rectangle((x, 125 - height, x + 18, 125), fill=(255, 255, 255, 255))
    _wordmark(draw, (195, 45), [("SMART CITY", 50, (0, 92, 70, 255)), ("OFFICE · JEDDAH", 30, (80, 96, 120, 255))])
    return _png(image)


def utility_logo() -> bytes:
    """'Western Water & Power': a water drop holding a lightning bolt, and a wordmark."""
    image = Image.new("RGBA", (560, 200), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((30, 70, 150, 190), fill=(0, 120, 190, 255))
    draw.polygon(((90, 5), (36, 112), (144, 112)), fill=(0, 120, 190, 255))
    draw.polygon(((100, 60), (65, 135), (92, 135), (80, 175), (120, 105), (94, 105)), fill=(255, 200, 40, 255))
    _wordmark(draw, (175, 45), [("WESTERN", 50, (0, 84, 140, 255)), ("WATER & POWER", 30, (80, 96, 120, 255))])
    return _png(image)


def signature() -> bytes:
    """A handwritten-looking signature in dark blue ink on a transparent background."""
    image = Image.new("RGBA", (600, 200), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    ink = (18, 38, 92, 255)
    points = []
    for step in range(0, 721):  # a run of cursive loops (a prolate cycloid) that grows and fades
        t = step / 720
        turn = 2 * math.pi * 5.5 * t
        height = 55 * (1 - 0.55 * t) * (1.3 if 0.15 < t < 0.3 else 1)
        points.append((50 + 460 * t - 30 * math.sin(turn), 105 - height * math.cos(turn) + 20 * t))
    draw.line(points, fill=ink, width=6, joint="curve")
    draw.line([(40, 165), (300, 150), (560, 140)], fill=ink, width=5, joint="curve")
    draw.ellipse((380, 40, 394, 54), fill=ink)
    return _png(image)


def seal() -> bytes:
    """A round seal in green ink: two rings, a ring of dots, a skyline and a star."""
    size = 400
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    ink = (11, 110, 79, 215)
    draw.ellipse((10, 10, size - 10, size - 10), outline=ink, width=12)
    draw.ellipse((48, 48, size - 48, size - 48), outline=ink, width=5)
    for i in range(36):
        angle = math.radians(i * 10)
        x, y = 200 + 172 * math.cos(angle), 200 + 172 * math.sin(angle)
        draw.ellipse((x - 6, y - 6, x + 6, y + 6), fill=ink)
    for x, height in ((120, 70), (155, 110), (190, 140), (225, 95), (260, 75)):
        draw.rectangle((x, 270 - height, x + 26, 270), fill=ink)
    draw.line((100, 285, 300, 285), fill=ink, width=8)
    star = [(200 + (30 if i % 2 == 0 else 12) * math.cos(math.radians(i * 36 - 90)),
             95 + (30 if i % 2 == 0 else 12) * math.sin(math.radians(i * 36 - 90))) for i in range(10)]
    draw.polygon(star, fill=ink)
    return _png(image)
