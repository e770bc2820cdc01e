"""A static server for the benchmarks that compresses like a real host.

    python3 bench/serve.py DIR PORT

Serves DIR on 127.0.0.1:PORT. A request that accepts gzip gets the file gzip -9
compressed (Content-Encoding: gzip), as GitHub Pages and most hosts send the site;
python3 -m http.server sends the 600 KB wasm uncompressed, which on Lighthouse's
simulated mobile network alone costs seconds no visitor pays. Used by
bench/lighthouse.sh; the e2e test keeps the plain server.
"""
import gzip
import http.server
import os
import sys
from functools import partial

COMPRESSIBLE = (".html", ".js", ".css", ".wasm", ".svg", ".json")


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".wasm": "application/wasm"}
    cache = {}

    def log_message(self, *args):
        pass

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        if not (path.endswith(COMPRESSIBLE) and os.path.isfile(path)
                and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        key = (path, os.path.getmtime(path))
        body = self.cache.get(key)
        if body is None:
            with open(path, "rb") as f:
                body = self.cache[key] = gzip.compress(f.read(), 9)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return _Body(body)


class _Body:
    """What send_head returns: copyfile() reads it, then it is closed."""

    def __init__(self, data):
        self.data = data

    def read(self, n=-1):
        out, self.data = (self.data, b"") if n < 0 else (self.data[:n], self.data[n:])
        return out

    def close(self):
        pass


if __name__ == "__main__":
    directory, port = sys.argv[1], int(sys.argv[2])
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), partial(Handler, directory=directory))
    server.serve_forever()
