-- monthly_value: value of the goods per Member, month, product category and value basis, in EUR and USD.
-- Values of different bases (declared, retail, MSRP) are never added: value_basis is part of the grain.
-- Lines without a value are left out; lines whose currency has no rate are counted in lines_unconverted.
-- Grain: member x year_month x product_category x value_basis.
SELECT
    member, wco_region, rilo, year, month, year_month, fiscal_year, product_category, value_basis,
    sum(lines_valued)::BIGINT AS lines_valued,
    sum(lines_unconverted)::BIGINT AS lines_unconverted,
    sum(value_eur) AS value_eur,
    sum(value_usd) AS value_usd
FROM line_rollup
GROUP BY ALL
HAVING sum(lines_valued) > 0
