"""The loopback HTTP server of the sample web (standard library only)."""
from __future__ import annotations

import ipaddress
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from sample_web.site import Response, build, lookup


def _handler(routes: dict[str, Response]) -> type[BaseHTTPRequestHandler]:
    class SampleWebHandler(BaseHTTPRequestHandler):
        server_version = "SampleWeb/1.0"

        def _answer(self, with_body: bool) -> None:
            response = lookup(routes, self.path)
            self.send_response(response.status)
            self.send_header("Content-Type", response.content_type)
            self.send_header("Content-Length", str(len(response.body)))
            if response.location:
                self.send_header("Location", response.location)
            self.end_headers()
            if with_body:
                self.wfile.write(response.body)

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


def make_server(host: str, port: int, seed: int) -> ThreadingHTTPServer:
    """A bound server with its pages built for the address it really got (port 0 picks one)."""
    check_loopback(host)
    server = ThreadingHTTPServer((host, port), BaseHTTPRequestHandler)
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
