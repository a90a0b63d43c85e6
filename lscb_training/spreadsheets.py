"""What every CSV and XLSX export shares: a cell a spreadsheet would read as a formula (a name
typed as "=HYPERLINK(...)") is written as text, so opening an export never runs anything."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def not_a_formula(cell):
    return f"'{cell}" if isinstance(cell, str) and cell.startswith(FORMULA_STARTS) else cell
