"""python -m sample_web serve|truth: serve the sample web, or print its ground truth as JSON."""
from __future__ import annotations

import argparse
import json
import sys

import config
from sample_web.facts import truth
from sample_web.server import serve


def _parser() -> argparse.ArgumentParser:
    settings = config.load()
    parser = argparse.ArgumentParser(prog="python -m sample_web", description=__doc__)
    parser.add_argument("--seed", type=int, default=settings.sample_web_seed,
                        help="generator seed (default SAMPLE_WEB_SEED, %(default)s)")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("serve", help="serve the sample web on a loopback address")
    run.add_argument("--host", default="127.0.0.1")
    run.add_argument("--port", type=int, default=settings.sample_web_port,
                     help="port (0 picks a free one; default SAMPLE_WEB_PORT, %(default)s)")
    run.add_argument("--seed", type=int, default=argparse.SUPPRESS)
    facts = commands.add_parser("truth", help="print the ground-truth records as JSON")
    facts.add_argument("--base-url", default=None,
                       help="make websites absolute, e.g. http://127.0.0.1:8001")
    facts.add_argument("--seed", type=int, default=argparse.SUPPRESS)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "serve":
        serve(args.host, args.port, args.seed)
    else:
        json.dump(truth(args.seed, args.base_url), sys.stdout, indent=2)
        sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
