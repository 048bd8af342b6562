"""The demo's pictures, drawn with Pillow so the project ships no binary files.

Each picture is a simple illustration (or, for ``wage-chart``, a chart of the
numbers its story quotes), drawn the same way every time from a fixed seed; each
author's photo (``portrait()``) is a silhouette on a colour of their own.
"""

import io
import random

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 675


def _gradient(draw, top, bottom, start=0, end=HEIGHT):
    """Fill rows ``start``..``end`` with a vertical blend from ``top`` to ``bottom``."""
    span = max(end - start - 1, 1)
    for y in range(start, end):
        t = (y - start) / span
        colour = tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        draw.line([(0, y), (WIDTH, y)], fill=colour)


def _harbour(draw, rng):
    _gradient(draw, (58, 43, 94), (244, 150, 76), 0, 430)
    draw.ellipse((760, 300, 900, 440), fill=(255, 204, 128))
    _gradient(draw, (40, 52, 84), (16, 22, 40), 430, HEIGHT)
    for _ in range(60):
        x, y = rng.randrange(600, 1050), rng.randrange(440, 660)
        draw.line(
            [(x, y), (x + rng.randrange(20, 70), y)], fill=(214, 140, 90), width=2
        )
    quay = (24, 24, 36)
    draw.rectangle((0, 400, WIDTH, 432), fill=quay)
    for base in (120, 380, 1010):
        draw.rectangle((base, 150, base + 22, 402), fill=quay)
        draw.polygon(
            [(base - 60, 150), (base + 260, 150), (base + 260, 168), (base - 60, 168)],
            fill=quay,
        )
        draw.line([(base + 11, 90), (base - 60, 152)], fill=quay, width=5)
        draw.line([(base + 11, 90), (base + 260, 152)], fill=quay, width=5)
        draw.line([(base + 200, 168), (base + 200, 300)], fill=quay, width=3)
        draw.rectangle((base + 180, 300, base + 222, 330), fill=quay)
    for x, colour in (
        (560, (170, 60, 50)),
        (620, (60, 110, 150)),
        (680, (200, 160, 60)),
    ):
        draw.rectangle((x, 350, x + 56, 400), fill=colour)


def _mountain_rail(draw, rng):
    _gradient(draw, (150, 196, 230), (232, 240, 246), 0, HEIGHT)
    layers = [((120, 150, 175), 260), ((84, 118, 128), 340), ((58, 94, 80), 430)]
    for colour, base in layers:
        points, x = [(0, HEIGHT)], 0
        while x <= WIDTH:
            points.append((x, base - rng.randrange(0, 150)))
            x += rng.randrange(90, 180)
        points += [(WIDTH, base - 40), (WIDTH, HEIGHT)]
        draw.polygon(points, fill=colour)
    draw.rectangle((0, 520, WIDTH, 548), fill=(70, 60, 52))
    for x in range(30, WIDTH, 120):
        draw.arc((x, 540, x + 110, 660), 180, 360, fill=(70, 60, 52), width=14)
        draw.rectangle((x + 48, 548, x + 62, HEIGHT), fill=(70, 60, 52))
    for index, x in enumerate((480, 592)):
        draw.rounded_rectangle((x, 470, x + 104, 522), radius=10, fill=(206, 64, 52))
        for window in range(4):
            draw.rectangle(
                (x + 10 + window * 24, 480, x + 26 + window * 24, 496),
                fill=(250, 236, 200),
            )
        if index == 0:
            draw.rectangle((x, 506, x + 104, 512), fill=(250, 236, 200))


def _glacier(draw, rng):
    _gradient(draw, (120, 160, 200), (210, 224, 236), 0, 360)
    draw.polygon(
        [
            (0, 420),
            (180, 160),
            (330, 300),
            (520, 90),
            (720, 280),
            (900, 150),
            (1200, 380),
            (1200, 675),
            (0, 675),
        ],
        fill=(96, 92, 98),
    )
    draw.polygon(
        [
            (430, 190),
            (520, 90),
            (610, 200),
            (700, 430),
            (640, 560),
            (520, 600),
            (420, 520),
            (380, 380),
        ],
        fill=(236, 244, 250),
    )
    draw.polygon(
        [(470, 260), (520, 150), (570, 270), (600, 430), (520, 560), (450, 440)],
        fill=(206, 228, 242),
    )
    draw.polygon([(0, 560), (1200, 520), (1200, 675), (0, 675)], fill=(120, 110, 100))
    draw.line(
        [(520, 600), (560, 640), (640, 660), (760, 675)], fill=(140, 190, 210), width=18
    )
    for _ in range(40):
        x, y = rng.randrange(0, WIDTH), rng.randrange(560, HEIGHT)
        draw.ellipse((x, y, x + 8, y + 5), fill=(90, 84, 80))


def _lanterns(draw, rng):
    _gradient(draw, (18, 20, 44), (52, 36, 70), 0, HEIGHT)
    for row, y in enumerate((130, 250)):
        draw.line([(0, y - 40), (WIDTH, y + 10)], fill=(60, 50, 40), width=3)
        for x in range(40 + row * 50, WIDTH, 110):
            top = y - 40 + (x * 50) // WIDTH
            colour = rng.choice([(226, 64, 52), (244, 150, 60), (250, 200, 90)])
            draw.line([(x, top), (x, top + 20)], fill=(60, 50, 40), width=2)
            draw.ellipse((x - 28, top + 20, x + 28, top + 90), fill=colour)
            draw.rectangle((x - 12, top + 16, x + 12, top + 24), fill=(40, 30, 20))
    for x in range(0, WIDTH, 200):
        draw.rectangle((x + 10, 430, x + 190, 675), fill=(34, 30, 40))
        draw.polygon([(x, 430), (x + 100, 380), (x + 200, 430)], fill=(120, 40, 40))
        draw.rectangle((x + 30, 470, x + 170, 540), fill=(250, 214, 140))


def _comet(draw, rng):
    _gradient(draw, (6, 10, 30), (30, 40, 80), 0, HEIGHT)
    for _ in range(400):
        x, y, size = (
            rng.randrange(WIDTH),
            rng.randrange(560),
            rng.choice((1, 1, 1, 2, 3)),
        )
        shade = rng.randrange(150, 256)
        draw.ellipse(
            (x, y, x + size, y + size), fill=(shade, shade, min(shade + 20, 255))
        )
    # The tail widens and fades away from the head.
    for spread, colour in (
        (90, (44, 60, 100)),
        (55, (90, 116, 170)),
        (22, (190, 210, 250)),
    ):
        draw.polygon(
            [(822, 296), (180 - spread, 60 + spread), (180 + spread, 60 - spread)],
            fill=colour,
        )
    draw.ellipse((800, 282, 844, 326), fill=(240, 248, 255))
    draw.polygon(
        [
            (0, 600),
            (200, 560),
            (420, 590),
            (700, 540),
            (1000, 580),
            (1200, 560),
            (1200, 675),
            (0, 675),
        ],
        fill=(10, 12, 16),
    )
    # A telescope on its tripod, pointed at the comet.
    dark = (10, 12, 16)
    for foot in (940, 985, 1030):
        draw.line([(985, 500), (foot, 590)], fill=dark, width=6)
    draw.line([(950, 520), (1040, 450)], fill=dark, width=22)


# Year-on-year change, per cent, for the eight quarters the wage story describes.
WAGE_CHART = {
    "labels": ["Q1", "Q2", "Q3", "Q4", "Q1", "Q2", "Q3", "Q4"],
    "wages": [3.1, 3.3, 3.4, 3.6, 3.8, 4.0, 4.1, 4.3],
    "prices": [4.6, 4.4, 4.1, 3.9, 3.9, 3.7, 3.4, 3.2],
}


def _wage_chart(draw, rng):
    draw.rectangle((0, 0, WIDTH, HEIGHT), fill=(250, 249, 246))
    font = ImageFont.load_default(size=26)
    small = ImageFont.load_default(size=22)
    left, right, bottom, scale = 110, 1150, 590, 96
    for value in range(0, 6):
        y = bottom - value * scale
        draw.line([(left, y), (right, y)], fill=(220, 218, 212), width=1)
        draw.text(
            (left - 20, y), f"{value}%", font=small, fill=(90, 90, 90), anchor="rm"
        )
    step = (right - left) / len(WAGE_CHART["labels"])
    for index, label in enumerate(WAGE_CHART["labels"]):
        x = left + index * step + step / 2
        for offset, key, colour in (
            (-32, "wages", (31, 95, 140)),
            (4, "prices", (214, 120, 60)),
        ):
            height = WAGE_CHART[key][index] * scale
            draw.rectangle(
                (x + offset, bottom - height, x + offset + 28, bottom), fill=colour
            )
        draw.text((x, bottom + 24), label, font=small, fill=(60, 60, 60), anchor="mm")
    draw.text(
        (left, 40),
        "Wages and prices, change on a year earlier",
        font=font,
        fill=(20, 20, 20),
        anchor="lm",
    )
    draw.text(
        (left, 650),
        "Source: Halvorsen Institute for Economic Research",
        font=small,
        fill=(90, 90, 90),
        anchor="lm",
    )
    draw.rectangle((left + 620, 28, left + 644, 52), fill=(31, 95, 140))
    draw.text(
        (left + 656, 40),
        "Average weekly wages",
        font=small,
        fill=(40, 40, 40),
        anchor="lm",
    )
    draw.rectangle((left + 620, 62, left + 644, 86), fill=(214, 120, 60))
    draw.text(
        (left + 656, 74), "Consumer prices", font=small, fill=(40, 40, 40), anchor="lm"
    )


_PAINTERS = {
    "harbour": _harbour,
    "mountain-rail": _mountain_rail,
    "glacier": _glacier,
    "lanterns": _lanterns,
    "comet": _comet,
    "wage-chart": _wage_chart,
}

NAMES = tuple(_PAINTERS)


def draw(name):
    """The picture ``name`` as JPEG bytes."""
    picture = Image.new("RGB", (WIDTH, HEIGHT))
    _PAINTERS[name](ImageDraw.Draw(picture), random.Random(name))
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=85, optimize=True)
    return buffer.getvalue()


PORTRAIT_WIDTH, PORTRAIT_HEIGHT = 600, 750

# Backgrounds and clothes, picked for each author by their slug.
_BACKDROPS = [(214, 226, 236), (236, 222, 204), (216, 232, 214), (232, 214, 226)]
_CLOTHES = [(44, 62, 96), (120, 48, 52), (52, 92, 74), (84, 70, 110), (60, 60, 64)]
_SKIN = [(241, 205, 176), (224, 172, 134), (176, 122, 88), (122, 82, 58)]


def portrait(slug):
    """A staff photo for the author ``slug``, as JPEG bytes: a head and shoulders."""
    rng = random.Random(slug)
    width, height = PORTRAIT_WIDTH, PORTRAIT_HEIGHT
    picture = Image.new("RGB", (width, height), rng.choice(_BACKDROPS))
    draw = ImageDraw.Draw(picture)
    middle = width // 2
    clothes, skin = rng.choice(_CLOTHES), rng.choice(_SKIN)
    hair = tuple(max(0, round(channel * 0.35)) for channel in rng.choice(_SKIN))
    draw.ellipse((middle - 250, 520, middle + 250, 1000), fill=clothes)
    draw.rectangle((middle - 45, 400, middle + 45, 560), fill=skin)
    # Hair behind and above the face frames it.
    draw.ellipse((middle - 140, 115, middle + 140, 420), fill=hair)
    draw.ellipse((middle - 115, 170, middle + 115, 455), fill=skin)
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=85, optimize=True)
    return buffer.getvalue()
