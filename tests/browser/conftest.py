"""Browser tests: a headless Chromium (fixture ``browser``), its download folder (``downloads``) and ``login``.

The fixtures live in browser/chrome.py so that other test folders can share them; see there.
"""

from __future__ import annotations

from browser.chrome import chrome_browser, download_folder, login

__all__ = ["chrome_browser", "download_folder", "login"]
