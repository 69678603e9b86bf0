"""Run a command and print its peak resident memory (KiB) on the last line of standard error.

A child's peak memory counts the memory of the process it was forked from (Linux keeps the high-water mark
across exec): a bench that holds a large file in memory would lend it to every command it times. Started
from this small process, the command's own peak is what is measured.

    python -m cen_pipeline.bench.peak COMMAND [ARG ...]
"""

from __future__ import annotations

import os
import subprocess
import sys

MARK = "peak-kib="


def main() -> None:
    proc = subprocess.Popen(sys.argv[1:], stdout=sys.stdout, stderr=sys.stderr)
    _, status, usage = os.wait4(proc.pid, 0)
    sys.stderr.write(f"\n{MARK}{usage.ru_maxrss}\n")
    sys.exit(os.waitstatus_to_exitcode(status))


if __name__ == "__main__":
    main()
