#!/usr/bin/env python3
"""Measures the compression codecs Kafka uses on record batches of JSON events.

Run by hand (needs `pip install cramjam`); the results are the ranges in
`Compression::measured_range_permille` (src/model/producer_config.rs) and ARCHITECTURE.md.
Each batch is the records section of a v2 record batch (what the producer compresses): per
record a length, attributes, timestamp and offset deltas, a key `user-N` and a JSON event like
the lecture notes' example. Codecs at Kafka's default levels: gzip 6, lz4 9 (frame format),
snappy (framed), zstd 3. Random bytes stand in for data that is already compressed or encrypted.
"""
import json
import random
import zlib

import cramjam

PAGES = ["/", "/game", "/game/lobby", "/shop", "/cart", "/login", "/ranking"]
ACTIONS = ["view", "click", "scroll", "purchase", "join"]
BATCH_KB = [1, 4, 16]
CODECS = {
    "gzip": lambda d: zlib.compress(d, 6),
    "snappy": lambda d: bytes(cramjam.snappy.compress(d)),
    "lz4": lambda d: bytes(cramjam.lz4.compress(d, level=9)),
    "zstd": lambda d: bytes(cramjam.zstd.compress(d, level=3)),
}


def varint(n):
    n = (n << 1) ^ (n >> 63)  # zigzag
    out = b""
    while True:
        b = n & 0x7F
        n >>= 7
        out += bytes([b | (0x80 if n else 0)])
        if not n:
            return out


def record(rnd, i):
    key = f"user-{rnd.randrange(1000)}".encode()
    value = json.dumps({"user_id": key.decode(), "page": rnd.choice(PAGES), "action": rnd.choice(ACTIONS),
                        "ts": 1728393847000 + i * rnd.randrange(1, 50), "session": f"{rnd.getrandbits(48):012x}",
                        "score": rnd.randrange(100000)}).encode()
    body = b"\x00" + varint(i * 7) + varint(i) + varint(len(key)) + key + varint(len(value)) + value + varint(0)
    return varint(len(body)) + body


def batch(rnd, size):
    out, i = b"", 0
    while len(out) < size:
        out += record(rnd, i)
        i += 1
    return out


def main():
    rnd = random.Random(7)
    for kb in BATCH_KB:
        ratios = {name: [] for name in CODECS}
        for _ in range(20):
            data = batch(rnd, kb * 1024)
            for name, codec in CODECS.items():
                ratios[name].append(len(codec(data)) * 1000 // len(data))
        print(f"{kb:>2} KB JSON batches:", ", ".join(f"{n} {min(r)}–{max(r)}‰" for n, r in ratios.items()))
    noise = rnd.randbytes(16384)
    print("16 KB random bytes:", ", ".join(f"{n} {len(c(noise)) * 1000 // len(noise)}‰" for n, c in CODECS.items()))


if __name__ == "__main__":
    main()
