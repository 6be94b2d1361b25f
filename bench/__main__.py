"""``python -m bench``: run every benchmark module of this package, one process each; the exit
status is 1 when any of them failed or missed a target."""
from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import bench


def benchmarks() -> list[str]:
    return sorted(f"bench.{m.name}" for m in pkgutil.iter_modules(bench.__path__)
                  if not m.name.startswith("_"))


def main() -> int:
    failed = []
    for module in benchmarks():
        print(f"== {module}", flush=True)
        if subprocess.run([sys.executable, "-m", module],
                          cwd=Path(bench.__file__).resolve().parent.parent).returncode != 0:
            failed.append(module)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
