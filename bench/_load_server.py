"""The site served by waitress on a free loopback port, for the load benchmark.

    python -m bench._load_server [--threads 8]

Reads DATABASE_URL, CLINICS_INDEX_DIR and CLINICS_VAR like ``flask serve``, with the same server,
thread count and start (``webapp.warm_start``); prints "Serving on http://127.0.0.1:PORT" once it
listens. The per-client rate
limits are off: all the benchmark's traffic comes from one address, which they exist to refuse.
"""
from __future__ import annotations

import argparse

import waitress

from webapp import create_app
from webapp.warm_start import warm

READY = "Serving on "


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=8)
    options = parser.parse_args(argv)
    app = create_app({"RATELIMIT_ENABLED": False})
    warm(app.config["INDEX_DIR"])
    server = waitress.create_server(app, host="127.0.0.1", port=0, threads=options.threads,
                                    ident="clinic-directory")
    print(f"{READY}http://127.0.0.1:{server.effective_port}", flush=True)
    server.run()


if __name__ == "__main__":
    main()
