#!/usr/bin/env python3
"""Read what is on a screen dump (PPM from QEMU) or a screenshot (PNG).

  img.py FILE size               WIDTH HEIGHT
  img.py FILE at X Y             the pixel's colour, RRGGBB
  img.py FILE box RRGGBB         X0 Y0 X1 Y1 COUNT: where that colour is, or "none"
  img.py FILE colours N          the N commonest colours with their counts
  img.py FILE same OTHER         exit 0 when both hold the same pixels, else
                                 say where the first difference is
  img.py FILE png OUT            the picture as an 8-bit RGB PNG (for READMEs)
PNG: 8-bit RGB or RGBA, not interlaced (what nexus-shot writes); read
here from the specification, so the test does not trust the writer's
own library.
"""
import collections
import struct
import sys
import zlib


def read_ppm(data):
    fields, pos = [], 0
    while len(fields) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b'#':
            pos = data.index(b'\n', pos) + 1
            continue
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    if fields[0] != b'P6' or fields[3] != b'255':
        raise SystemExit('img.py: not an 8-bit P6 PPM')
    w, h = int(fields[1]), int(fields[2])
    pix = data[pos + 1:pos + 1 + w * h * 3]
    return w, h, [pix[i:i + 3] for i in range(0, len(pix), 3)]


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else (b if pb <= pc else c)


def read_png(data):
    if data[:8] != b'\x89PNG\r\n\x1a\n':
        raise SystemExit('img.py: not a PNG')
    pos, idat, w = 8, b'', 0
    while pos < len(data):
        n, kind = struct.unpack('>I4s', data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if zlib.crc32(kind + body) != struct.unpack('>I', data[pos + 8 + n:pos + 12 + n])[0]:
            raise SystemExit('img.py: bad CRC in a %s chunk' % kind.decode())
        if kind == b'IHDR':
            w, h, depth, ctype, _, _, interlace = struct.unpack('>IIBBBBB', body)
            if depth != 8 or ctype not in (2, 6) or interlace:
                raise SystemExit('img.py: only 8-bit RGB/RGBA, not interlaced')
            bpp = 3 if ctype == 2 else 4
        elif kind == b'IDAT':
            idat += body
        pos += 12 + n
    raw, stride, rows, prev = zlib.decompress(idat), w * bpp, [], bytearray(w * bpp)
    for y in range(h):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], (prev[i - bpp] if i >= bpp else 0)
            line[i] = (line[i] + (0, a, b, (a + b) // 2, paeth(a, b, c))[f]) & 255
        rows.append(line)
        prev = line
    pix = [bytes(r[x * bpp:x * bpp + 3]) for r in rows for x in range(w)]
    return w, h, pix


def load(path):
    data = open(path, 'rb').read()
    return read_png(data) if data[:4] == b'\x89PNG' else read_ppm(data)


def write_png(path, w, h, pix):
    def chunk(kind, body):
        return (struct.pack('>I', len(body)) + kind + body +
                struct.pack('>I', zlib.crc32(kind + body) & 0xffffffff))
    rows = b''.join(b'\0' + b''.join(pix[y * w:(y + 1) * w]) for y in range(h))
    with open(path, 'wb') as f:
        f.write(b'\x89PNG\r\n\x1a\n' +
                chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 2, 0, 0, 0)) +
                chunk(b'IDAT', zlib.compress(rows, 9)) + chunk(b'IEND', b''))


def main(argv):
    w, h, pix = load(argv[1])
    cmd = argv[2]
    if cmd == 'size':
        print(w, h)
    elif cmd == 'at':
        x, y = int(argv[3]), int(argv[4])
        print(pix[y * w + x].hex())
    elif cmd == 'box':
        want = bytes.fromhex(argv[3])
        xs, ys = [], []
        for i, p in enumerate(pix):
            if p == want:
                xs.append(i % w)
                ys.append(i // w)
        print('%d %d %d %d %d' % (min(xs), min(ys), max(xs), max(ys), len(xs)) if xs else 'none')
    elif cmd == 'colours':
        for c, n in collections.Counter(pix).most_common(int(argv[3])):
            print(c.hex(), n)
    elif cmd == 'same':
        w2, h2, pix2 = load(argv[3])
        if (w, h) != (w2, h2):
            print('sizes differ: %dx%d and %dx%d' % (w, h, w2, h2))
            return 1
        for i, (a, b) in enumerate(zip(pix, pix2)):
            if a != b:
                print('first difference at %d,%d: %s and %s' % (i % w, i // w, a.hex(), b.hex()))
                return 1
    elif cmd == 'png':
        write_png(argv[3], w, h, pix)
    else:
        raise SystemExit(__doc__)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
