#!/usr/bin/env python3
"""Record key -> hash slot vectors from a real server's CLUSTER KEYSLOT.

    python conformance/keyslot_vectors.py --port PORT --out tests/fixtures/keyslot-vectors.json

Keys are sent as raw bytes (redis-py passes bytes arguments through unchanged). The key
set is deterministic (seeded): hash-tag edge cases, every short key over a small
brace-heavy alphabet, non-ASCII UTF-8, and random bytes. Output:
[{"key_hex": "...", "slot": n}, ...] in generation order, one entry per line.
Also reports (on stderr) how many slots redis-py's own key_slot computes differently.
"""
import argparse
import itertools
import random
import sys

import redis

try:
    from redis.crc import key_slot
except ImportError:  # very old releases
    from redis.cluster import key_slot  # type: ignore

EDGE_CASES = [
    "", "{", "}", "{}", "}{", "{{", "}}", "{}{", "}{}", "{{}}", "{}{}", "{}{}{}x",
    "{{{{", "}}}}", "{ }", "{a}", "a{b}c", "a{b", "a}b", "a}b{c}", "{a}b", "b{a}",
    "{a}{a}", "{a}{b}", "foo{}{bar}", "foo{{bar}}zap", "foo{bar}{zap}", "foo{bar}",
    "{}{x}", "{x}{}", "{{x}}", "{x{y}}", "{{x}y}", "{ab{cd}ef}", "ab{}{cd}ef",
    "x{", "x}", "x{}", "{}x", "{x", "x}y{z", "}x{y}", "}{x}", "{}}", "{{}", "{}}x{y}",
    "123456789", "{123456789}", "a{123456789}b", "{user1000}.following",
    "{user1000}.followers", "user{1000}", "{user}1000", "{}user1000",
    "{\x00}", "\x00{a}", "{a\x00b}", "\x00", "{\n}", "{\t}x", "{\r\n}",
    "{é}", "é{é}", "{日本}語", "語{日本}", "{🔑}", "🔑{}", "{}🔑", "{\u00a0}",
    "x" * 1000 + "{tag}", "{tag}" + "x" * 1000, "{" + "t" * 1000 + "}",
    "{" * 500 + "}" * 500, "{}" * 300, "slotscope:0", "slotscope:{3163}",
]
EDGE_BYTES = [b"{\xff}", b"\xff{\xfe}", b"{\x80\x81}", b"\xc3{", b"}\xc3\xa9{"]


def keys():
    rng = random.Random(3163)
    out = [k.encode() for k in EDGE_CASES] + EDGE_BYTES
    # Every key of length <= 5 over a brace-heavy alphabet: all tag shapes.
    alphabet = [b"{", b"}", b"a", b"\x00"]
    for n in range(6):
        out += [b"".join(p) for p in itertools.product(alphabet, repeat=n)]
    # Non-ASCII UTF-8 from several blocks, with and without tags.
    blocks = [(0xA0, 0x2FF), (0x370, 0x52F), (0x3040, 0x30FF), (0x4E00, 0x9FFF), (0x1F300, 0x1FAFF)]
    for i in range(300):
        lo, hi = blocks[i % len(blocks)]
        s = "".join(chr(rng.randint(lo, hi)) for _ in range(rng.randint(1, 12)))
        if i % 3 == 1:
            cut = rng.randint(0, len(s))
            s = s[:cut] + "{" + s[cut:] + "}"
        elif i % 3 == 2:
            s = s + "{" + s[: rng.randint(0, len(s))] + "}" + s
        out.append(s.encode())
    # Random bytes, braces included now and then.
    for _ in range(800):
        b = bytearray(rng.randbytes(rng.randint(0, 64)))
        for _ in range(rng.randint(0, 3)):
            if b:
                b[rng.randrange(len(b))] = rng.choice(b"{}")
        out.append(bytes(b))
    return list(dict.fromkeys(out))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    ks = keys()
    r = redis.Redis(host="127.0.0.1", port=args.port)
    pipe = r.pipeline(transaction=False)
    for k in ks:
        pipe.execute_command("CLUSTER", "KEYSLOT", k)
    slots = [int(s) for s in pipe.execute()]
    r.close()
    differ = sum(1 for k, s in zip(ks, slots) if key_slot(k) != s)
    with open(args.out, "w") as f:
        f.write("[\n")
        f.write(",\n".join(f' {{"key_hex": "{k.hex()}", "slot": {s}}}' for k, s in zip(ks, slots)))
        f.write("\n]\n")
    print(
        f"keyslot_vectors: {len(ks)} keys -> {args.out}; "
        f"redis-py {redis.__version__} key_slot differs on {differ}",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
