-- headline_by_year: the headline of the annual report per calendar year: cases, goods lines, articles,
-- reporting Members, and the health-and-safety subset (cases with at least one such line, and its articles).
-- Value is in headline_value_by_year (per value basis). Grain: year.
SELECT
    year,
    sum(cases)::BIGINT AS cases,
    sum(lines)::BIGINT AS lines,
    sum(articles) AS articles,
    count(DISTINCT member) AS reporting_members,
    sum(health_safety_cases)::BIGINT AS health_safety_cases
FROM case_rollup
GROUP BY year
