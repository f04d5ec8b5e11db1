#!/usr/bin/env python3
"""Drive a QEMU guest through its QMP socket, as a person at its screen,
keyboard and pointer would: the desktop tests' hands and eyes.

  qmp.py SOCKET run COMMAND [JSON-ARGUMENTS]   one QMP command; prints its return
  qmp.py SOCKET screendump FILE                the screen as a PPM file
  qmp.py SOCKET type TEXT                      TEXT typed on the USB keyboard
  qmp.py SOCKET keys KEY[+KEY...]...           chords by QEMU key code (meta_l+ret)
  qmp.py SOCKET down KEY / up KEY              hold a key (e.g. meta_l), let it go
  qmp.py SOCKET move X Y                       the tablet's pointer to pixel X,Y
  qmp.py SOCKET click X Y [left|right|middle]  move there and click
  qmp.py SOCKET drag X0 Y0 X1 Y1 [BUTTON] [KEY] hold KEY (e.g. meta_l) and BUTTON
                                               from one point to the other
  qmp.py SOCKET latency FILE KEY...            per KEY, the ms from its press to
                                               the first screen dump (in FILE) that
                                               differs; then "period MS", the
                                               median time one dump takes

Pixels are mapped to the tablet's 0..32767 range by the screen size
(QMP's query-display is not in QEMU 7.2: pass SCREEN=WxH, default 1024x768).
"""
import json
import os
import socket
import sys
import time

SHIFTED = {'!': '1', '@': '2', '#': '3', '$': '4', '%': '5', '^': '6',
           '&': '7', '*': '8', '(': '9', ')': '0', '_': 'minus', '+': 'equal',
           '{': 'bracket_left', '}': 'bracket_right', ':': 'semicolon',
           '"': 'apostrophe', '<': 'comma', '>': 'dot', '?': 'slash',
           '|': 'backslash', '~': 'grave_accent'}
PLAIN = {' ': 'spc', '\n': 'ret', '-': 'minus', '=': 'equal', '[': 'bracket_left',
         ']': 'bracket_right', ';': 'semicolon', "'": 'apostrophe', ',': 'comma',
         '.': 'dot', '/': 'slash', '\\': 'backslash', '`': 'grave_accent',
         '\t': 'tab'}


class QMP:
    def __init__(self, path):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        deadline = time.monotonic() + 30
        while True:
            try:
                self.sock.connect(path)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        self.file = self.sock.makefile('rw')
        self.read()  # the greeting
        self.run('qmp_capabilities')

    def read(self):
        while True:
            line = self.file.readline()
            if not line:
                raise SystemExit('qmp.py: QEMU closed the monitor')
            msg = json.loads(line)
            if 'event' not in msg:
                return msg

    def run(self, command, arguments=None):
        req = {'execute': command}
        if arguments is not None:
            req['arguments'] = arguments
        self.file.write(json.dumps(req) + '\n')
        self.file.flush()
        msg = self.read()
        if 'error' in msg:
            raise SystemExit('qmp.py: %s: %s' % (command, msg['error']['desc']))
        return msg.get('return')

    def events(self, events):
        self.run('input-send-event', {'events': events})


def key(code, down):
    return {'type': 'key', 'data': {'down': down,
                                    'key': {'type': 'qcode', 'data': code}}}


def qcodes(ch):
    if ch.isalpha() and ch.isascii():
        return (['shift'] if ch.isupper() else []) + [ch.lower()]
    if ch.isdigit():
        return [ch]
    if ch in PLAIN:
        return [PLAIN[ch]]
    if ch in SHIFTED:
        return ['shift', SHIFTED[ch]]
    raise SystemExit('qmp.py: no key for %r' % ch)


# QEMU's USB keyboard queues 16 key events for the guest to poll, and
# drops what overflows: keys go at a typist's pace, as a keyboard sends
# them, rather than all at once.
KEY_INTERVAL = 0.04


def chord(q, codes):
    q.events([key(c, True) for c in codes])
    time.sleep(KEY_INTERVAL)
    q.events([key(c, False) for c in reversed(codes)])
    time.sleep(KEY_INTERVAL)


def screen():
    w, h = os.environ.get('SCREEN', '1024x768').split('x')
    return int(w), int(h)


def absolute(x, y):
    w, h = screen()
    return [{'type': 'abs', 'data': {'axis': 'x', 'value': int(x) * 32767 // (w - 1)}},
            {'type': 'abs', 'data': {'axis': 'y', 'value': int(y) * 32767 // (h - 1)}}]


def button(name, down):
    return {'type': 'btn', 'data': {'down': down, 'button': name}}


def dump(q, path):
    q.run('screendump', {'filename': path})
    with open(path, 'rb') as f:
        return f.read()


def settled(q, path, limit=60):
    """The screen once two dumps in a row agree; an error after LIMIT s."""
    deadline = time.monotonic() + limit
    last = dump(q, path)
    while time.monotonic() < deadline:
        time.sleep(0.2)
        now = dump(q, path)
        if now == last:
            return now
        last = now
    raise SystemExit('qmp.py: the screen did not stop changing in %d s' % limit)


def latency(q, path, codes):
    """Key press to the frame that shows it, dump by dump: the figure is
    late by up to one dump's time, which is printed too."""
    periods = []
    base = settled(q, path)
    for c in codes:
        start = time.monotonic()
        q.events([key(c, True)])
        while True:
            t0 = time.monotonic()
            changed = dump(q, path) != base
            periods.append(time.monotonic() - t0)
            if changed or time.monotonic() - start > 20:
                break
        print('%s %.0f' % (c, (time.monotonic() - start) * 1000))
        q.events([key(c, False)])
        base = settled(q, path)
    if periods:
        periods.sort()
        print('period %.0f' % (periods[len(periods) // 2] * 1000))


def main(argv):
    if len(argv) < 3:
        raise SystemExit(__doc__)
    q = QMP(argv[1])
    cmd, args = argv[2], argv[3:]
    if cmd == 'run':
        out = q.run(args[0], json.loads(args[1]) if len(args) > 1 else None)
        print(json.dumps(out))
    elif cmd == 'screendump':
        q.run('screendump', {'filename': os.path.abspath(args[0])})
    elif cmd == 'type':
        for ch in args[0]:
            chord(q, qcodes(ch))
    elif cmd == 'keys':
        for c in args:
            chord(q, c.split('+'))
    elif cmd in ('down', 'up'):
        q.events([key(args[0], cmd == 'down')])
        time.sleep(KEY_INTERVAL)
    elif cmd == 'move':
        q.events(absolute(args[0], args[1]))
    elif cmd == 'click':
        name = args[2] if len(args) > 2 else 'left'
        q.events(absolute(args[0], args[1]))
        time.sleep(KEY_INTERVAL)
        q.events([button(name, True)])
        time.sleep(KEY_INTERVAL)
        q.events([button(name, False)])
        time.sleep(KEY_INTERVAL)
    elif cmd == 'drag':
        name = args[4] if len(args) > 4 else 'left'
        mod = [key(args[5], True)] if len(args) > 5 else []
        q.events(absolute(args[0], args[1]))
        if mod:
            q.events(mod)
            time.sleep(KEY_INTERVAL)
        q.events([button(name, True)])
        time.sleep(KEY_INTERVAL)
        x0, y0, x1, y1 = (int(a) for a in args[:4])
        for i in range(1, 9):  # in steps, as a hand moves
            q.events(absolute(x0 + (x1 - x0) * i // 8, y0 + (y1 - y0) * i // 8))
            time.sleep(KEY_INTERVAL)
        q.events([button(name, False)])
        time.sleep(KEY_INTERVAL)
        if mod:
            q.events([key(args[5], False)])
            time.sleep(KEY_INTERVAL)
    elif cmd == 'latency':
        latency(q, os.path.abspath(args[0]), args[1:])
    else:
        raise SystemExit(__doc__)


if __name__ == '__main__':
    main(sys.argv)
