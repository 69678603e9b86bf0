"""`python -m cen_pipeline` runs the `cen` command."""

from cen_pipeline.cli.app import main

main()
