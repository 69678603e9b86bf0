"""cen-pipeline: validation, storage, quality, trends, alerts and reports for non-nominal IPR seizure data."""

__version__ = "0.1.0"
