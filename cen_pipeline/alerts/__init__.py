"""Spike detection on monthly seizure counts per stratum."""
