"""``python -m webapp``: serve the app on HOST:PORT from config.py with Flask's own server.

Fine for a demo or one user; behind a real front end run a WSGI server on ``webapp:create_app()``.
"""
from __future__ import annotations

import config
from webapp import create_app


def main() -> None:
    settings = config.load()
    create_app().run(host=settings.host, port=settings.port)


if __name__ == "__main__":
    main()
