-- significant_candidates: per WCO region and month, the cases with the most articles (up to 10, ties
-- broken by value in EUR, then Member and case reference), with what the annual report's table of
-- significant seizures shows. The 10 largest cases of any period and region are among the rows of its
-- months, so the report ranks these few rows instead of every case.
-- value_eur is the case's value when all its valued lines share one value basis (bases are never added),
-- else NULL; value_bases lists the bases of its valued lines.
-- Grain: case. Key: (member, case_ref).
-- Cases are ranked on their articles (case_line_totals) first: only the cases that can be among the 10 of
-- their month and region (ties on articles kept, for the tie-break by value) read their line totals.
WITH by_articles AS (
    SELECT c.case_key, c.member, c.case_ref, c.wco_region, c.year, c.month, c.seizure_date,
        c.departure_country, c.destination_country, c.conveyance, t.articles,
        CASE WHEN t.any_health_safety THEN 'yes' ELSE 'no' END AS health_safety
    FROM stg_cases c
    JOIN case_line_totals t USING (case_key)
    WHERE t.articles > 0
    QUALIFY rank() OVER (PARTITION BY c.wco_region, c.year, c.month ORDER BY t.articles DESC) <= 10
),
line_totals AS (
    SELECT
        i.case_key,
        string_agg(DISTINCT i.item, '|' ORDER BY i.item) FILTER (WHERE i.breakdown = 'product_category')
            AS categories,
        string_agg(i.basis, '|' ORDER BY i.basis) FILTER (WHERE i.breakdown IS NULL AND i.basis IS NOT NULL)
            AS value_bases,
        sum(i.value_eur) FILTER (WHERE i.breakdown IS NULL) AS value_eur
    FROM case_line_items i
    SEMI JOIN by_articles b USING (case_key)
    WHERE i.breakdown IS NULL OR i.breakdown = 'product_category'
    GROUP BY i.case_key
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
