-- line_values: the value of each goods line of a current case converted to EUR and USD at the ECB
-- reference rate of its case's seizure day (fx_rates). A value whose currency has no rate stays NULL in
-- EUR and USD and is flagged value_unconverted; value_basis reads 'not_given' when the Member gave none.
-- Grain: goods line. Key: line_key.
-- Built as a view: stg_lines with one join on (currency, day) against the small rate table.
SELECT
    l.* REPLACE (coalesce(l.value_basis, 'not_given') AS value_basis),
    l.value * r.eur_per_unit AS value_eur,
    l.value * r.eur_per_unit / r.eur_per_usd AS value_usd,
    (l.value IS NOT NULL AND r.eur_per_unit IS NULL) AS value_unconverted
FROM stg_lines l
LEFT JOIN fx_rates r ON r.currency = l.currency AND r.day = l.seizure_date
