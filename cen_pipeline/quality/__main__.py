"""`python -m cen_pipeline.quality`: import GX and build the submission suite, nothing else.

`make bench` times it: the fixed cost every `cen ingest` process pays for the quality gate, whatever the file.
"""

import os

from cen_pipeline.quality.gx_runner import _runner

_runner()
os._exit(0)  # as `cen` ends: the interpreter's teardown is no part of what an ingest pays
