"""Operator commands of the domain core: `python -m clinics migrate`."""
from __future__ import annotations

import argparse
import sys

from clinics import db


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m clinics")
    commands = parser.add_subparsers(dest="command", required=True)
    migrate = commands.add_parser("migrate", help="bring the database schema up to date")
    migrate.add_argument("--database-url", help="defaults to DATABASE_URL or the SQLite file")
    commands.add_parser("count", help="print how many clinics the database holds")
    args = parser.parse_args(argv)
    if args.command == "migrate":
        db.migrate(args.database_url)
        return 0
    from clinics.ingest import clinic_count

    with db.session_scope() as session:
        print(clinic_count(session))
    return 0


if __name__ == "__main__":
    sys.exit(main())
