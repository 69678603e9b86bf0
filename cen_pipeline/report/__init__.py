"""The annual report on trends in counterfeit traffic and significant seizures (`cen report annual`).

`figures.py` reads the numbers of each section from the analysis tables, `narrative.py` writes the text of
each section from them, `charts.py` draws the charts, `render.py` writes the HTML, PDF, XLSX and CSV files
and `annual.py` ties the steps together.
"""
