"""Render the motion-location cases of one photo set and print how each one measured.

    .venv/bin/python scripts/motion_cases.py tests/photos/dev [PHOTO ...] [--prompt REGEX]

Each case is rendered by the real engine and measured as `tests/test_motion_location.py` does
(see `vivify.motion_check`). Use it while working on the development set; a held-out set is
measured once, when the work is done, and never tuned against.
"""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

from vivify.motion_check import load_cases, render_case


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="a folder with cases.json and its photos")
    parser.add_argument("photos", nargs="*", help="only the cases of these photo files")
    parser.add_argument(
        "--prompt", metavar="REGEX", help="only the cases whose prompt matches (any case)"
    )
    args = parser.parse_args()
    wanted = re.compile(args.prompt, re.IGNORECASE) if args.prompt else None
    cases = load_cases(args.folder / "cases.json")
    passed = total = 0
    for case in cases:
        if args.photos and case.photo not in args.photos:
            continue
        if wanted and not wanted.search(case.prompt):
            continue
        start = time.perf_counter()
        r = render_case(case, (args.folder / case.photo).read_bytes(), seconds=1.5)
        total += 1
        passed += r.passed
        print(f"{r.line()} ({time.perf_counter() - start:.1f} s)", flush=True)
    print(f"{passed} of {total} cases pass ({passed / max(total, 1):.0%})")


if __name__ == "__main__":
    main()
