#!/usr/bin/env python3
"""Fail unless every PNG named on the command line shows something: at least MIN_COLOURS
distinct colours and at least MIN_INK of its pixels away from the background. A blank or
all-white screenshot (a page that did not load) fails. Standard library only."""
import struct
import sys
import zlib

MIN_COLOURS = 8
MIN_INK = 0.01


def pixels(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, width, height, ctype, depth = 8, b"", 0, 0, 0, 0
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, ctype = struct.unpack(">IIBB", body[:10])
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    if depth != 8 or ctype not in (2, 6):
        raise ValueError(f"unexpected PNG type {ctype}/{depth}")
    bpp = 3 if ctype == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * bpp
    prev = bytearray(stride)
    rows = []
    for y in range(height):
        start = y * (stride + 1)
        ftype, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if ftype == 1:
                line[i] = (line[i] + a) & 255
            elif ftype == 2:
                line[i] = (line[i] + b) & 255
            elif ftype == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif ftype == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pred) & 255
        rows.append(bytes(line))
        prev = line
    for line in rows:
        for x in range(0, stride, bpp * 3):  # every third pixel is plenty
            yield line[x:x + 3]


def main():
    bad = 0
    for path in sys.argv[1:]:
        counts = {}
        for px in pixels(path):
            counts[px] = counts.get(px, 0) + 1
        total = sum(counts.values())
        background = max(counts.values())
        ink = 1 - background / total
        ok = len(counts) >= MIN_COLOURS and ink >= MIN_INK
        print(f"{path}: {len(counts)} colours, {ink:.1%} ink: {'ok' if ok else 'BLANK'}")
        bad += not ok
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
