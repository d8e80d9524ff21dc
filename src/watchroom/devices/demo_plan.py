"""A floor plan drawn in code (a PNG of a few kilobytes), for the demo hospital's
outpatient hall and for tests: walls, rooms and a door, no picture file kept."""

import struct
import zlib

BACKGROUND = (246, 247, 249)
WALL = (55, 65, 78)
ROOM = (226, 234, 244)
DESK = (214, 226, 206)
CORRIDOR = (250, 244, 226)


class Drawing:
    def __init__(self, width: int, height: int, colour=BACKGROUND):
        self.width, self.height = width, height
        self.rows = [bytearray(bytes(colour) * width) for _ in range(height)]

    def box(self, left: int, top: int, right: int, bottom: int, colour) -> None:
        """Fill the rectangle [left, right) × [top, bottom)."""
        left, right = max(0, left), min(self.width, right)
        run = bytes(colour) * max(0, right - left)
        for y in range(max(0, top), min(self.height, bottom)):
            self.rows[y][left * 3:right * 3] = run

    def frame(self, left: int, top: int, right: int, bottom: int, colour=WALL,
              thick: int = 4) -> None:
        self.box(left, top, right, top + thick, colour)
        self.box(left, bottom - thick, right, bottom, colour)
        self.box(left, top, left + thick, bottom, colour)
        self.box(right - thick, top, right, bottom, colour)

    def png(self) -> bytes:
        def chunk(kind: bytes, data: bytes) -> bytes:
            return (struct.pack(">I", len(data)) + kind + data
                    + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

        raw = b"".join(b"\x00" + bytes(row) for row in self.rows)
        header = struct.pack(">IIBBBBB", self.width, self.height, 8, 2, 0, 0, 0)
        return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
                + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def hall_png(width: int = 960, height: int = 600) -> bytes:
    """The outpatient hall: registration desks, a pharmacy window, waiting rows, the
    entrance at the bottom and corridors to the wings."""
    d = Drawing(width, height)
    d.box(0, 0, width, height, BACKGROUND)
    d.box(40, 260, width - 40, 340, CORRIDOR)                  # the hall's cross corridor
    d.box(60, 60, 340, 230, ROOM)                              # registration
    d.box(100, 90, 300, 120, DESK)
    d.box(620, 60, 900, 230, ROOM)                             # pharmacy
    d.box(660, 180, 860, 205, DESK)
    d.box(380, 60, 580, 230, ROOM)                             # enquiries
    for row in range(4):                                       # waiting rows
        d.box(140, 380 + row * 40, 820, 392 + row * 40, DESK)
    d.frame(20, 20, width - 20, height - 20, thick=8)           # outer walls
    d.box(width // 2 - 70, height - 28, width // 2 + 70, height - 12, CORRIDOR)  # entrance
    d.frame(60, 60, 340, 230)
    d.frame(380, 60, 580, 230)
    d.frame(620, 60, 900, 230)
    d.box(180, 226, 240, 234, ROOM)                             # doors
    d.box(450, 226, 510, 234, ROOM)
    d.box(730, 226, 790, 234, ROOM)
    return d.png()
