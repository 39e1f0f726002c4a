"""Debian's Chromium as Playwright drives it on this machine (playwright cannot download its own
browsers here): the gallery command and the browser tests launch it the same way."""

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
