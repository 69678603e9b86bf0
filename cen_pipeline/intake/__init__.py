"""Intake: reading Member files (CSV, XLSX, EDIFACT) through feed profiles and checking them against the contract."""
