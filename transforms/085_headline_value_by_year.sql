-- headline_value_by_year: value of the goods per calendar year and value basis, in EUR and USD.
-- Bases are never added together. Grain: year x value_basis.
SELECT
    year, value_basis,
    sum(lines_valued)::BIGINT AS lines_valued,
    sum(lines_unconverted)::BIGINT AS lines_unconverted,
    sum(value_eur) AS value_eur,
    sum(value_usd) AS value_usd
FROM monthly_value
GROUP BY ALL
