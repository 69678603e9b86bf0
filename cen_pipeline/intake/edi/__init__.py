"""UN/EDIFACT (ISO 9735) syntax, envelope checks, the CENSEZ message and acknowledgements."""
