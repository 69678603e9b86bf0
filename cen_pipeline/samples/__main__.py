"""Run the sample-data generator: `python -m cen_pipeline.samples [--out sample_data]`."""

from cen_pipeline.samples import main

raise SystemExit(main())
