"""Real-browser tests (Playwright for Python driving Debian's Chromium).

A package, so that its fixtures (one Chromium, one server) are torn down when its tests
end, before other modules start browsers of their own."""
