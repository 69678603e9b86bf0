"""`python -m cen_pipeline` runs the `cen` command."""

from cen_pipeline.cli import main

main()
