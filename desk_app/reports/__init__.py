"""Statistics exports: CSV, XLSX and the PDF report, built from ``StatTable``s (Qt-free).

Every export suppresses small cells itself (``desk_app.domain.suppression``): a raw table goes in,
only what may be published comes out. See docs/statistics.md.
"""
