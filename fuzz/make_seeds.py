#!/usr/bin/env python3
"""Writes the committed seed corpus (fuzz/seeds/TARGET/) from real inputs: the
CLUSTER SLOTS replies recorded from live Redis 7 clusters (tests/fixtures/conformance,
announcing localhost and IPs) in each form the paste parser accepts, real JSON
(a recording, the version matrix), and addresses the page writes. Deterministic;
run from the repository root: python3 fuzz/make_seeds.py"""
import json, os, shutil

FIX = "tests/fixtures/conformance"
OUT = "fuzz/seeds"
replies = {
    "hostname": json.load(open(f"{FIX}/sync-5.0.1_announce-hostname_startup-localhost_reinit-0.json"))["cluster_slots"],
    "ip": json.load(open(f"{FIX}/sync-8.1.0_announce-ip_startup-127.0.0.1_reinit-5.json"))["cluster_slots"],
}


def tree(value, resp3=False):
    """redis-cli's numbered tree (tty): `1) 1) (integer) 0`, RESP3 maps as `1# "k" => "v"`."""
    lines = []

    def scalar(v):
        return f"(integer) {v}" if isinstance(v, int) else json.dumps(v)

    def walk(v, prefix, pad):
        if isinstance(v, dict) and resp3:
            for i, (k, x) in enumerate(v.items()):
                lead = prefix if i == 0 else pad
                lines.append(f"{lead}{i + 1}# {json.dumps(k)} => {scalar(x)}")
            return
        if isinstance(v, dict):
            v = [y for kv in v.items() for y in kv]
        if isinstance(v, list):
            if not v:
                lines.append(f"{prefix}(empty array)")
            for i, x in enumerate(v):
                marker = f"{i + 1}) "
                walk(x, (prefix if i == 0 else pad) + marker, pad + " " * len(marker))
            return
        lines.append(prefix + scalar(v))

    walk(value, "", "")
    return "\n".join(lines) + "\n"


def flat(value):
    """redis-cli into a pipe: one value per line."""
    out = []

    def walk(v):
        if isinstance(v, dict):
            v = [y for kv in v.items() for y in kv]
        if isinstance(v, list):
            for x in v:
                walk(x)
        else:
            out.append(str(v))

    walk(value)
    return "\n".join(out) + "\n"


def write(target, name, text):
    os.makedirs(f"{OUT}/{target}", exist_ok=True)
    with open(f"{OUT}/{target}/{name}", "w") as f:
        f.write(text)


shutil.rmtree(OUT, ignore_errors=True)
for name, reply in replies.items():
    write("parse", f"{name}.json", json.dumps(reply, separators=(",", ":")))
    write("parse", f"{name}-pretty.json", json.dumps(reply, indent=2))
    write("parse", f"{name}-tree.txt", tree(reply))
    write("parse", f"{name}-resp3.txt", tree(reply, resp3=True))
    write("parse", f"{name}-flat.txt", flat(reply))
    write("json", f"{name}.json", json.dumps(reply, indent=1))
# Redis 6.2 sent a hostname as a plain fourth element; a node without an id.
write("parse", "redis-6.2.json", '[[0,16383,["127.0.0.1",7000,"abc","localhost"],["::1","7001"]]]')
small = json.load(open(f"{FIX}/sync-6.4.0_announce-ip_startup-localhost_reinit-0.json"))
write("json", "recording.json", json.dumps(small, indent=1, ensure_ascii=False))
matrix = json.load(open("data/version-matrix.json"))
write("json", "version-matrix-head.json", json.dumps(matrix[:4], indent=2))
write("json", "escapes.json", r'{"s":"q\" \\ \/ \b\f\n\r\t \u0041\u00e9 \ud83d\ude00 é","n":[-0,1.5e-3,12345678901234567890,null,true,false]}')
urls = [
    "?preset=3163&left=async-5.0.1&right=async-fixed&step=16",
    "?tour=orphan",
    "?preset=ips&step=first-orphan&key=%7Buser1000%7D.following&theme=dark",
    "?startup=localhost:7000&primaries=3&replicas=1&ranges=2&announce=localhost&reinit=1"
    "&workload=keys&reads=5&rfr=1&remap=1&left=sync-7.3.1&right=sync-8.1.0-fixed&step=close",
    "?startup=127.0.0.1:7000&reply=0-8191@localhost:7000,localhost:7002;8192-16383@localhost:7001"
    "&reinit=0&workload=each-range&left=async-6.4.0&right=async-fixed&step=end",
    "?preset=replica-flood&left=async-4.6.0&right=sync-4.6.0&step=duplicate-primary&tour=replica-flood",
]
for i, u in enumerate(urls):
    write("url", f"link-{i}.txt", u)
    write("state", f"link-{i}.txt", u)
