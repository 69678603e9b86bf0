-- A case with several goods lines counts once: case counts per breakdown in the analysis tables equal the
-- counts taken from current_cases (and current_lines for line-level breakdowns) directly. Returns the
-- breakdown cells where they differ.
WITH direct_year_member AS (
    SELECT reporting_member AS member, year(seizure_date) AS year, count(*) AS cases
    FROM current_cases GROUP BY ALL
), model_year_member AS (
    SELECT member, year, sum(cases) AS cases FROM reporting_members GROUP BY ALL
), direct_category AS (
    SELECT c.reporting_member AS member, strftime(c.seizure_date, '%Y-%m') AS year_month, l.product_category,
           count(DISTINCT c.case_ref) AS cases
    FROM current_cases c JOIN current_lines l USING (reporting_member, case_ref)
    GROUP BY ALL
), direct_year AS (
    SELECT year(seizure_date) AS year, count(*) AS cases FROM current_cases GROUP BY ALL
), direct_conveyance AS (
    SELECT year(seizure_date) AS year, conveyance, count(*) AS cases FROM current_cases GROUP BY ALL
), model_conveyance AS (
    SELECT year, conveyance, count(*) AS cases FROM case_facts GROUP BY ALL
), direct_route AS (
    SELECT reporting_member AS member, year(seizure_date) AS year,
           coalesce(departure_country, 'not_given') || '->' || coalesce(destination_country, 'not_given') AS route,
           count(*) AS cases
    FROM current_cases GROUP BY ALL
), model_route AS (
    SELECT member, year, route, sum(cases) AS cases FROM yearly_by_route GROUP BY ALL
)
SELECT 'member x year' AS breakdown, member || ' ' || year AS cell FROM (
    (SELECT * FROM direct_year_member EXCEPT SELECT * FROM model_year_member)
    UNION ALL (SELECT * FROM model_year_member EXCEPT SELECT * FROM direct_year_member))
UNION ALL
SELECT 'member x month x category', member || ' ' || year_month || ' ' || product_category FROM (
    (SELECT * FROM direct_category
     EXCEPT SELECT member, year_month, product_category, cases FROM monthly_by_category)
    UNION ALL (SELECT member, year_month, product_category, cases FROM monthly_by_category
               EXCEPT SELECT * FROM direct_category))
UNION ALL
SELECT 'year', year::VARCHAR FROM (
    (SELECT * FROM direct_year EXCEPT SELECT year, cases FROM headline_by_year)
    UNION ALL (SELECT year, cases FROM headline_by_year EXCEPT SELECT * FROM direct_year))
UNION ALL
SELECT 'year x conveyance', year || ' ' || conveyance FROM (
    (SELECT * FROM direct_conveyance EXCEPT SELECT * FROM model_conveyance)
    UNION ALL (SELECT * FROM model_conveyance EXCEPT SELECT * FROM direct_conveyance))
UNION ALL
SELECT 'member x year x route', member || ' ' || year || ' ' || route FROM (
    (SELECT * FROM direct_route EXCEPT SELECT * FROM model_route)
    UNION ALL (SELECT * FROM model_route EXCEPT SELECT * FROM direct_route))
