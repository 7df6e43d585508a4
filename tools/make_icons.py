"""Draw the app icons (static/icons/*.png) with nothing but the standard library.

The mark is the player's countdown ring, three quarters drawn, on the accent green. The
maskable icon fills the whole square and keeps the ring inside the central safe zone (a
circle of 80% of the width), as launchers crop it to their own shape.
The browser tab's icon is the same mark as SVG (favicon.svg) and, for /favicon.ico, a
32 px PNG inside an ICO file.
Run: python tools/make_icons.py (the files are committed; run again only to change them).
"""

from __future__ import annotations

import math
import struct
import zlib
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "static" / "icons"
GREEN = (11, 107, 80)
WHITE = (255, 255, 255)
SS = 3  # supersampling per axis


def png(path: Path, size: int, pixel) -> None:
    rows = []
    for y in range(size):
        row = bytearray([0])
        for x in range(size):
            acc = [0.0, 0.0, 0.0, 0.0]
            for sy in range(SS):
                for sx in range(SS):
                    r, g, b, a = pixel((x + (sx + 0.5) / SS) / size, (y + (sy + 0.5) / SS) / size)
                    acc[0] += r * a
                    acc[1] += g * a
                    acc[2] += b * a
                    acc[3] += a
            n = SS * SS
            alpha = acc[3] / n
            if alpha > 0:
                row += bytes(round(c / acc[3]) for c in acc[:3]) + bytes([round(alpha * 255)])
            else:
                row += b"\0\0\0\0"
        rows.append(bytes(row))
    raw = b"".join(rows)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    body = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))
    path.write_bytes(body)
    print(f"{path.name}: {len(body)} bytes")


def mark(u: float, v: float, scale: float):
    """The ring (with a round-capped gap at the top right) at `scale` of the square; None
    where there is no mark."""
    dx, dy = (u - 0.5) / scale, (v - 0.5) / scale
    r = math.hypot(dx, dy)
    radius, width = 0.30, 0.085
    angle = (math.degrees(math.atan2(dx, -dy)) + 360) % 360  # 0 at the top, clockwise
    on_ring = abs(r - radius) <= width / 2 and angle >= 90
    # round caps at both ends of the arc
    for a in (90, 360):
        cx = radius * math.sin(math.radians(a))
        cy = -radius * math.cos(math.radians(a))
        if math.hypot(dx - cx, dy - cy) <= width / 2:
            on_ring = True
    dot = math.hypot(dx - 0.0, dy - 0.0) <= 0.07
    return on_ring or dot


def rounded(u: float, v: float, radius: float = 0.22) -> bool:
    x, y = min(u, 1 - u), min(v, 1 - v)
    if x >= radius or y >= radius:
        return True
    return math.hypot(radius - x, radius - y) <= radius


def any_icon(u, v):
    if not rounded(u, v):
        return (0, 0, 0, 0.0)
    return (*(WHITE if mark(u, v, 1.0) else GREEN), 1.0)


def maskable_icon(u, v):
    return (*(WHITE if mark(u, v, 0.78) else GREEN), 1.0)


def svg(path: Path) -> None:
    """The mark as vectors: the same ring (radius 0.30, width 0.085 of the square, open
    over the top right quarter), dot and rounded square as `mark` and `rounded` draw."""
    green = "#%02x%02x%02x" % GREEN
    body = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">'
            f'<rect width="100" height="100" rx="22" fill="{green}"/>'
            f'<path d="M80 50A30 30 0 1 1 50 20" fill="none" stroke="#fff" '
            f'stroke-width="8.5" stroke-linecap="round"/>'
            f'<circle cx="50" cy="50" r="7" fill="#fff"/></svg>\n')
    path.write_text(body)
    print(f"{path.name}: {len(body)} bytes")


def ico(path: Path, png_path: Path) -> None:
    """An ICO holding one PNG (every browser reads PNG-in-ICO)."""
    data = png_path.read_bytes()
    size = int.from_bytes(data[16:20], "big")
    head = struct.pack("<HHH", 0, 1, 1) + struct.pack(
        "<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(data), 6 + 16)
    path.write_bytes(head + data)
    print(f"{path.name}: {len(head) + len(data)} bytes")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    svg(OUT / "favicon.svg")
    png(OUT / "favicon-32.png", 32, any_icon)
    ico(OUT / "favicon.ico", OUT / "favicon-32.png")
    (OUT / "favicon-32.png").unlink()
    png(OUT / "icon-192.png", 192, any_icon)
    png(OUT / "icon-512.png", 512, any_icon)
    png(OUT / "maskable-512.png", 512, maskable_icon)
    png(OUT / "apple-touch-icon.png", 180, maskable_icon)  # iOS rounds the corners itself


if __name__ == "__main__":
    main()
