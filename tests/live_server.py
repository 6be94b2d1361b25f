"""A Flask app served on a free loopback port by waitress (as ``make serve`` does) in a thread,
for as long as a test needs it, for the browser and fault tests.

It stops from inside its own loop: closing its sockets from another thread can pull a file
descriptor out from under a select that is still running, which fails the loop's thread with a
bad file descriptor. Waitress also closes a file response when a browser drops the connection
half-way, where Werkzeug's development server leaks it.
"""
from __future__ import annotations

import threading


class LiveServer:
    def __init__(self, app, threads: int = 4):
        import waitress

        self._server = waitress.create_server(app, host="127.0.0.1", port=0, threads=threads)
        self.url = f"http://127.0.0.1:{self._server.effective_port}"
        self._thread = threading.Thread(target=self._server.run, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        from waitress import wasyncore

        sockets = self._server._map  # every socket the loop watches: once empty, it returns
        try:
            self._server.trigger.pull_trigger(lambda: wasyncore.close_all(sockets))
        except OSError:
            # The loop had already ended and closed its trigger with it.
            pass
        self._thread.join(timeout=5)
        if not self._thread.is_alive():
            wasyncore.close_all(sockets)  # no select runs any more: whatever is left, closed here
        self._server.task_dispatcher.shutdown()
