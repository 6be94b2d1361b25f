"""Benchmarks of the project. ``python -m bench`` runs every module here whose name does not start
with an underscore (``python -m bench.<name>``); each ends its output with one JSON line."""
