"""Formula (CSV) injection: the one place that decides how a text cell is written to a
spreadsheet and read back.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is run as a formula
by Excel and LibreOffice (``=HYPERLINK("http://evil.example","x")`` in an institution name from a
public form). Following OWASP's CSV-injection guidance, every CSV and XLSX writer in the app
(``lks_registry.exports``) prefixes such a text with a single quote, so it shows as text; the
importer calls ``restore`` to take the quote off again, so export -> import gives the same text
back. Numbers and dates are written as numbers and dates and are never touched."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def neutralise(value):
    """The value to write in a cell: a text that a spreadsheet would run as a formula gets a
    leading single quote; anything else is returned unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return QUOTE + value
    return value


def restore(value):
    """The inverse of ``neutralise``, for reading our own exports back: a quote followed by a
    formula start is taken off; every other text is returned unchanged."""
    if isinstance(value, str) and value.startswith(QUOTE) and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value
