"""The data contract: field rules, the record models, code lists, the problem catalogue and the nominal guard."""
