"""The period a report covers: a calendar year, or a WCO financial year (1 July to 30 June)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReportPeriod:
    """A calendar year, or the WCO financial year that ends on 30 June of `year` (fiscal).

    The WCO financial year runs from 1 July to 30 June; it takes the label of the two years it spans,
    `FY2023/24` for 1 July 2023 to 30 June 2024, and is selected by the year in which it ends
    (`--fiscal --year 2024`). The analysis tables' `fiscal_year` column is the US October-September year,
    so the report selects months itself.
    """

    year: int
    fiscal: bool = False

    @property
    def first_month(self) -> int:
        """The first month as a month index (year * 12 + month - 1), comparable across years."""
        return (self.year - 1) * 12 + 6 if self.fiscal else self.year * 12

    @property
    def last_month(self) -> int:
        return self.first_month + 11

    @property
    def label(self) -> str:
        return f"FY{self.year - 1}/{self.year % 100:02d}" if self.fiscal else str(self.year)

    @property
    def previous(self) -> ReportPeriod:
        return ReportPeriod(self.year - 1, self.fiscal)

    def back(self, years: int) -> ReportPeriod:
        return ReportPeriod(self.year - years, self.fiscal)

    def months(self) -> list[tuple[int, int]]:
        """The (year, month) pairs of the period, in order."""
        return [(m // 12, m % 12 + 1) for m in range(self.first_month, self.last_month + 1)]

    def where(self, year_col: str = "year", month_col: str = "month") -> str:
        """A SQL condition selecting the period from a year and a month column (no parameter)."""
        return f"({year_col} * 12 + {month_col} - 1) BETWEEN {self.first_month} AND {self.last_month}"

    def where_date(self, column: str) -> str:
        """A SQL condition selecting the period from a DATE column (no parameter)."""
        return self.where(f"year({column})", f"month({column})")
