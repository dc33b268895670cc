"""Time and peak memory of `kg build --model none` on one page that is a single paragraph of N
characters with no sentence end (over spaCy's max_length of 1,000,000 it used to fail with E088).

    python benchmarks/long_paragraph.py --chars 1200000
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--chars", type=int, default=1_200_000)
    parser.add_argument("--model", default="none")
    args = parser.parse_args()
    clause = "郑州高新区管委会召开会议，研究部署下一步工作"
    with tempfile.TemporaryDirectory() as tmp:
        pages = Path(tmp) / "pages"
        pages.mkdir()
        (pages / "long.txt").write_text((clause * (args.chars // len(clause) + 1))[: args.chars] + "\n", encoding="utf-8")
        started = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "kg.cli", "build", str(pages), "--out", str(Path(tmp) / "out"),
                               "--model", args.model, "--no-store"], capture_output=True, text=True)
        seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"{args.chars:,} characters in one paragraph, --model {args.model}: exit {proc.returncode}, "
          f"{seconds:.1f} s, peak RSS {peak:.0f} MB")
    print(proc.stdout.strip().splitlines()[0] if proc.stdout.strip() else proc.stderr.strip()[-300:])


if __name__ == "__main__":
    main()
