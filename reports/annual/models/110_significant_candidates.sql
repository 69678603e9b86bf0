-- significant_candidates: per WCO region and month, the cases with the most articles (up to 10, ties
-- broken by value in EUR, then Member and case reference), with what the annual report's table of
-- significant seizures shows. The 10 largest cases of any period and region are among the rows of its
-- months, so the report ranks these few rows instead of every case.
-- value_eur is the case's value when all its valued lines share one value basis (bases are never added),
-- else NULL; value_bases lists the bases of its valued lines.
-- Grain: case. Key: (member, case_ref).
-- Cases are ranked on their articles (case_line_totals) first: only the cases that can be among the 10 of
-- their month and region (ties on articles kept, for the tie-break by value) read their categories (from
-- the mask of their lines) and their totals per value basis (case_basis_totals).
WITH case_articles AS (
    SELECT c.case_key, c.member, c.case_ref, c.wco_region, c.year, c.month, c.seizure_date,
        c.departure_country, c.destination_country, c.conveyance, t.articles, t.category_mask,
        CASE WHEN t.any_health_safety THEN 'yes' ELSE 'no' END AS health_safety
    FROM stg_cases c
    JOIN case_line_totals t USING (case_key)
    WHERE t.articles > 0
),
-- The 10th largest number of articles of each region and month: the cases with at least as many are those
-- a rank would keep (ties included), found without sorting every case.
thresholds AS (
    SELECT wco_region, year, month, list_min(max(articles, 10)) AS least
    FROM case_articles
    GROUP BY ALL
),
by_articles AS (
    SELECT a.*
    FROM case_articles a
    JOIN thresholds t USING (wco_region, year, month)
    WHERE a.articles >= t.least
),
line_totals AS (
    SELECT
        b.case_key,
        string_agg(p.product_category, '|' ORDER BY p.product_category) AS categories,
        any_value(v.value_bases) AS value_bases,
        any_value(v.value_eur) AS value_eur
    FROM by_articles b
    JOIN product_category_bits p ON (b.category_mask >> p.bit) & 1 = 1
    LEFT JOIN (
        SELECT case_key, string_agg(basis, '|' ORDER BY basis) AS value_bases, sum(value_eur) AS value_eur
        FROM case_basis_totals SEMI JOIN by_articles USING (case_key)
        GROUP BY case_key
    ) v USING (case_key)
    GROUP BY b.case_key
),
ranked AS (
    SELECT
        c.member, c.case_ref, c.wco_region, c.year, c.month, c.seizure_date, c.departure_country,
        c.destination_country, c.conveyance, c.health_safety, c.articles, t.categories, t.value_bases,
        CASE WHEN t.value_bases NOT LIKE '%|%' THEN t.value_eur END AS value_eur
    FROM by_articles c
    JOIN line_totals t USING (case_key)
)
SELECT *
FROM ranked
QUALIFY row_number() OVER (
    PARTITION BY wco_region, year, month
    ORDER BY articles DESC, value_eur DESC NULLS LAST, member, case_ref
) <= 10
