"""The preview's scripts are files of the package (site_builder/dev/static/*.js, linted by ESLint in
.ci/run), injected with their settings by the server; what the browser tests drive is this."""
from __future__ import annotations

from importlib import resources

import pytest

from site_builder.dev import EVENTS, live_script
from site_builder.dev.picker import QUOTE, picker_script
from site_builder.dev.scripts import PLACEHOLDER

STATIC = resources.files("site_builder.dev") / "static"


@pytest.mark.parametrize("name", ["live.js", "picker.js"])
def test_each_script_is_a_file_with_one_placeholder_and_nothing_that_ends_a_script_element(name):
    text = (STATIC / name).read_text(encoding="utf-8")
    assert text.count(PLACEHOLDER) == 1
    assert "</script" not in text.lower() and "<!--" not in text


def test_the_settings_are_written_in_place_of_the_placeholder_and_cannot_end_the_element():
    hostile = "people/</script><script>alert(1)</script>.html"
    live = live_script(hostile, 7).decode()
    assert live.startswith("\n<script data-site-builder-preview>\n") and live.endswith("</script>\n")
    assert live.count("</script>") == 1 and PLACEHOLDER not in live
    assert f'"events": "{EVENTS}"' in live and '"since": 7' in live and "\\u003c/script>" in live
    assert (STATIC / "live.js").read_text(encoding="utf-8").split(PLACEHOLDER)[1] in live
    picker = picker_script("s001").decode()
    assert picker.startswith("\n<script data-site-builder-picker>\n") and PLACEHOLDER not in picker
    assert f'{{"endpoint": "{QUOTE}", "source": "s001"}}' in picker
