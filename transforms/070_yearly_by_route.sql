-- yearly_by_route: cases, goods lines and articles per Member, year and route (departure -> destination),
-- with the transit countries in a second route column.
-- Grain: member x year x fiscal_year x route_transit.
SELECT
    member, wco_region, rilo, year, fiscal_year, departure_country, destination_country, route, route_transit,
    min(seizure_date) AS first_seen,
    count(*) AS cases,
    sum(lines)::BIGINT AS lines,
    sum(articles) AS articles
FROM case_facts
GROUP BY ALL
