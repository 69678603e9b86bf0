"""UN/EDIFACT (ISO 9735) syntax, envelope checks and acknowledgements for seizure-report interchanges."""
