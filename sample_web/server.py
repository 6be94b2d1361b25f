"""The loopback HTTP server of the sample web (standard library only).

Every page is rendered once at start; a request costs a dictionary lookup (or, for the NPI
registry stand-in, a lookup in its small indexes). The hostile pages that are too large or too
slow to hold are made while they are sent. The one flaky page answers 500 to the first
request this server process receives for it, and 200 from then on.
"""
from __future__ import annotations

import ipaddress
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from sample_web.site import HTML, Response, build, lookup

SERVER_ERROR = Response(500, HTML, b"<!doctype html><title>Server error</title>"
                        b"<p>Invented demo data. Temporary error, please retry.</p>")


class FirstHitFails:
    """Remembers which flaky paths have already failed once (thread-safe, per server)."""

    def __init__(self) -> None:
        self._failed: set[str] = set()
        self._lock = threading.Lock()

    def should_fail(self, path: str) -> bool:
        with self._lock:
            if path in self._failed:
                return False
            self._failed.add(path)
            return True


def respond(routes: dict[str, Response], path: str, flaky: FirstHitFails) -> Response:
    response = lookup(routes, path)
    if response.flaky and flaky.should_fail(path.split("?", 1)[0]):
        return SERVER_ERROR
    return response


def _handler(routes: dict[str, Response]) -> type[BaseHTTPRequestHandler]:
    flaky = FirstHitFails()

    class SampleWebHandler(BaseHTTPRequestHandler):
        server_version = "SampleWeb/1.0"
        protocol_version = "HTTP/1.1"
        # Headers and body go out in two writes; with Nagle's algorithm on, a kept-alive
        # connection waits for the client's delayed ACK (about 40 ms) before every response.
        disable_nagle_algorithm = True
        # Close a kept-alive connection that stays idle this long (seconds).
        timeout = 30

        def _answer(self, with_body: bool) -> None:
            response = respond(routes, self.path, flaky)
            self.send_response(response.status)
            self.send_header("Content-Type", response.content_type)
            self.send_header("X-Demo-Data", "invented sample web")
            for name, value in response.headers:
                self.send_header(name, value)
            if response.stream is None:
                self.send_header("Content-Length", str(len(response.body)))
            elif "Content-Length" not in dict(response.headers):
                self.send_header("Connection", "close")
            if response.location:
                self.send_header("Location", response.location)
            self.end_headers()
            if with_body and response.stream is not None:
                self._send_stream(response.stream())
            elif with_body:
                self.wfile.write(response.body)

        def _send_stream(self, pieces) -> None:
            """Send a body as it is made; a client that hangs up ends it. The connection is
            closed after it, as a body cut short leaves it unusable."""
            self.close_connection = True
            try:
                for piece in pieces:
                    self.wfile.write(piece)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def do_GET(self) -> None:
            self._answer(with_body=True)

        def do_HEAD(self) -> None:
            self._answer(with_body=False)

        def log_message(self, format: str, *args) -> None:
            pass

    return SampleWebHandler


def check_loopback(host: str) -> None:
    """Refuse to serve invented clinics anywhere but the loopback interface."""
    if not ipaddress.ip_address(host).is_loopback:
        raise SystemExit(f"sample_web serves on loopback addresses only, not {host}")


class SampleWebServer(ThreadingHTTPServer):
    """One thread per connection (kept alive between requests), a deep accept queue for crawls
    that open many connections at once."""

    request_queue_size = 128
    daemon_threads = True


def make_server(host: str, port: int, seed: int) -> ThreadingHTTPServer:
    """A bound server with its pages built for the address it really got (port 0 picks one)."""
    check_loopback(host)
    server = SampleWebServer((host, port), BaseHTTPRequestHandler)
    bound_port = server.server_address[1]
    shown_host = f"[{host}]" if ":" in host else host
    server.base_url = f"http://{shown_host}:{bound_port}"
    server.RequestHandlerClass = _handler(build(seed, server.base_url))
    return server


def serve(host: str, port: int, seed: int) -> None:
    server = make_server(host, port, seed)
    print(f"Serving the sample web on {server.base_url}/", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        sys.stdout.flush()
