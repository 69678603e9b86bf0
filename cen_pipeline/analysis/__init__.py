"""Analysis: the SQL models over the stored cases, exchange rates, and trends by dimension and period."""
