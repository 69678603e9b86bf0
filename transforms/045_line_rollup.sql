-- line_rollup: goods lines added up per Member, month, product category, value basis and list of IPR types:
-- lines, articles, lines valued and unconverted, value in EUR and USD. The one pass over every goods line
-- for the monthly and yearly tables, which add these rows up further (a few thousand rows a year).
-- Grain: member x year_month x product_category x value_basis x ipr_types.
WITH lines AS (
    -- Grouped on the line's own columns and its seizure month only: the Member's region and the month's
    -- labels are attached to the few rolled-up rows, not carried along every goods line.
    SELECT
        member, year(seizure_date) AS year, month(seizure_date) AS month, product_category,
        value_basis, ipr_types,
        count(*) AS lines,
        sum(articles) AS articles,
        count(value) AS lines_valued,
        count(*) FILTER (WHERE value_unconverted) AS lines_unconverted,
        sum(value_eur) AS value_eur,
        sum(value_usd) AS value_usd
    FROM line_values
    GROUP BY ALL
), periods AS (
    SELECT DISTINCT member, wco_region, rilo, year, month, year_month, fiscal_year FROM case_rollup
)
SELECT
    p.member, p.wco_region, p.rilo, p.year, p.month, p.year_month, p.fiscal_year,
    l.product_category, l.value_basis, l.ipr_types, l.lines, l.articles, l.lines_valued, l.lines_unconverted,
    l.value_eur, l.value_usd
FROM lines l
JOIN periods p USING (member, year, month)
