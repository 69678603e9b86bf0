-- The annual report's models keep their promises: no negative counts or values, basis 'all' holds no value,
-- a case-level breakdown counts each case of a Member and month once (its items add up to the cases of
-- case_rollup, over the months the report read), and significant_candidates holds at most 10 cases per
-- region and month, each once, with articles. Returns the offending rows.
WITH months_read AS (
    SELECT min(year * 12 + month) AS first, max(year * 12 + month) AS last FROM monthly_breakdowns
), month_cases AS (
    SELECT member, year, month, sum(cases) AS cases
    FROM case_rollup, months_read
    WHERE year * 12 + month BETWEEN first AND last
    GROUP BY ALL
), breakdown_cases AS (
    SELECT member, year, month, breakdown, sum(cases) AS cases
    FROM monthly_breakdowns
    WHERE value_basis = 'all' AND breakdown NOT IN ('brand', 'health_safety', 'ipr_type', 'category_provenance')
    GROUP BY ALL
)
SELECT 'monthly_breakdowns: negative or empty' AS problem,
    member || ' ' || year || '-' || month || ' ' || breakdown || ' ' || coalesce(item, '') AS row_key
FROM monthly_breakdowns
WHERE cases < 1 OR articles < 0 OR value_eur < 0 OR value_usd < 0
UNION ALL
SELECT 'monthly_breakdowns: value on basis all', member || ' ' || year || '-' || month || ' ' || breakdown
FROM monthly_breakdowns
WHERE value_basis = 'all' AND (value_eur IS NOT NULL OR value_usd IS NOT NULL)
UNION ALL
SELECT 'monthly_breakdowns: cases differ from case_rollup', b.member || ' ' || b.year || '-' || b.month || ' ' || b.breakdown
FROM breakdown_cases b
FULL JOIN month_cases m USING (member, year, month)
WHERE b.cases IS DISTINCT FROM m.cases
UNION ALL
SELECT 'significant_candidates: more than 10', wco_region || ' ' || year || '-' || month
FROM significant_candidates GROUP BY wco_region, year, month HAVING count(*) > 10
UNION ALL
SELECT 'significant_candidates: case twice', member || ' ' || case_ref
FROM significant_candidates GROUP BY member, case_ref HAVING count(*) > 1
UNION ALL
SELECT 'significant_candidates: no articles', member || ' ' || case_ref
FROM significant_candidates WHERE articles IS NULL OR articles <= 0
