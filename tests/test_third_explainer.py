"""A third explainer, of a real deal: Elon Musk's 2022 purchase of Twitter, from four articles written
in the styles its coverage used (tests/fixtures/musk-twitter): a wire report (US style, a dateline,
"Oct. 27"), a British analysis ("28 October", "per cent", "$44bn (£38bn)"), a blog post with bracketed
references and a reference list, and a profile of Parag Agrawal. They disagree the way the real
coverage did: $44 billion against "roughly $43 billion", the closing on 27 October in San Francisco
and on 28 October in Britain, a 9.2 % stake against 9.1 per cent, Vijaya Gadde's job, Agrawal's payout.

The project is built from nothing with the command line, in a subprocess, into a temporary folder,
and every claim's comparison is checked against what a careful reader of the quoted passages sees:
its status, and each article's cell. These expectations were written from the passages, never copied
from the builder's output. Where an expectation was changed after the value reader existed, the test
says why."""
from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from test_new_project import FIRST_DEAL

from site_builder.tools.figures import find_figures

FIXTURE = Path(__file__).parent / "fixtures" / "musk-twitter"
SUBJECT = "Elon Musk's 2022 purchase of Twitter"
DEADLINE = 600          # seconds: a bound against a hang on a busy 2-core machine, never a speed assertion


@dataclass(frozen=True)
class Built:
    root: Path
    code: int
    printed: str
    claims: dict[str, dict]

    def claim(self, claim: str) -> dict:
        assert self.code == 0, self.printed             # a failed build says why, rather than a KeyError
        return self.claims[claim]

    def status(self, claim: str) -> str:
        return str(self.claim(claim)["status"])

    def cells(self, claim: str) -> dict[str, str]:
        return {s["source"]: s["cell"] for s in self.claim(claim)["statements"]}

    def badges(self, claim: str) -> dict[str, str]:
        return {s["source"]: s["badge"] for s in self.claim(claim)["statements"]}


def cli(*args: str | Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "site_builder", *map(str, args)], capture_output=True,
                          text=True, timeout=DEADLINE)


def build_project(root: Path) -> Built:
    """`init`, the fixture's articles and records copied in, `build`."""
    made = cli("init", root, "--subject", SUBJECT)
    assert made.returncode == 0, made.stdout + made.stderr
    for folder in ("seeds", "content"):
        shutil.copytree(FIXTURE / folder, root / folder, dirs_exist_ok=True)
    done = cli("build", "--root", root)
    export = root / "output" / "data" / "explainer.json"
    claims = {}
    if done.returncode == 0:
        claims = {c["id"]: c for c in json.loads(export.read_text(encoding="utf-8"))["claims"]}
    return Built(root, done.returncode, done.stdout + done.stderr, claims)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Built:
    return build_project(tmp_path_factory.mktemp("third") / "musk-twitter")


# --- the build ----------------------------------------------------------------------------------------

def test_it_builds_from_nothing_with_no_errors(site):
    assert site.code == 0, site.printed
    assert "Built" in site.printed and ": error:" not in site.printed and "Build failed" not in site.printed
    assert set(site.claims) == {"deal-price", "price-per-share", "financing", "stake-disclosed", "staff-count",
                                "layoffs", "agrawal-payout", "gadde-role", "closing-date", "agreement-date",
                                "board-seat-date", "layoff-date", "layoff-share", "ceo-since"}


def test_the_site_says_no_word_of_the_first_deal(site):
    out = site.root / "output"
    checked = 0
    for path in sorted(out.rglob("*")):
        rel = path.relative_to(out).as_posix()
        if not path.is_file() or rel.startswith("pagefind/"):      # the search library's code and index
            continue
        text = path.read_text(encoding="utf-8")
        found = FIRST_DEAL.search(text)
        assert found is None, f"{rel} says {found[0]!r}: ...{text[max(0, found.start() - 60):found.end() + 60]}..."
        checked += 1
    assert checked > 30
    home = (out / "index.html").read_text(encoding="utf-8")
    assert "4 articles, compared" in home and "Twitter" in home


# --- the timeline ----------------------------------------------------------------------------------

def timeline_titles(built: Built) -> list[str]:
    page = (built.root / "output" / "timeline.html").read_text(encoding="utf-8")
    return [html.unescape(t) for t in re.findall(r'<h3 class="event-title">([^<]*)</h3>', page)]


def test_the_suit_follows_the_walk_away_and_the_sink_visit_is_marked_inferred(site):
    titles = timeline_titles(site)
    assert titles.index("Twitter sues Musk") == titles.index("Musk tries to walk away") + 1
    events = {e["id"]: e for e in json.loads((site.root / "output" / "data" / "explainer.json").read_text())["events"]}
    sink = events["2022-10-26-musk-visits-the-headquarters-with-a-sink"]
    assert sink["date_basis"] == "inferred" and "On Wednesday" in sink["date_reason"]
    assert events["2022-10-27-musk-completes-the-takeover"]["date_basis"] == "stated"


def test_the_timeline_reads_in_the_order_the_articles_tell(site):
    # both the wire and the profile have the stake disclosed "at the start of April", before the board
    # seat was offered and turned down (10 April) and before the board accepted the bid (25 April)
    assert timeline_titles(site) == [
        "Musk discloses his stake", "Musk declines the board seat", "Twitter's board accepts Musk's offer",
        "Musk tries to walk away", "Twitter sues Musk", "Musk visits the headquarters with a sink",
        "Musk completes the takeover", "Twitter lays off about half its staff"]


# --- the claims today's builder reads -----------------------------------------------------------------

def test_price_three_articles_say_44_billion_and_the_profile_43(site):
    # "$44 billion", "$44bn (£38bn)" and "about $44 billion" are one account (the same value, hedged or
    # not); "roughly $43 billion" rounds to 43, not 44: it contradicts them.
    assert site.status("deal-price") == "conflict"
    assert site.cells("deal-price") == {"s000": "agrees", "s001": "agrees", "s002": "agrees", "s003": "differs"}


def test_price_per_share_every_article_says_54_20(site):
    # (the profile's "54.20 dollars a share" joined the claim when the value reader could read it: see
    # test_price_per_share_in_dollars_spelled_out_agrees)
    assert {s["number"] for s in site.claim("price-per-share")["statements"]} == {54.2}


def test_price_per_share_is_shown_as_the_articles_state_it(site):
    # every article says $54.20; the reading shown beside it must not drop the cents ("read as $54")
    assert {s["value"] for s in site.claim("price-per-share")["statements"]} == {"$54.20"}


def test_financing_46_5_billion_is_the_sum_the_blog_gives(site):
    # (the analysis and the profile joined the claim as hedged sums: see
    # test_financing_every_article_says_46_5_billion_two_of_them_as_hedged_sums)
    assert site.cells("financing")["s002"] == "agrees"
    blog = next(s for s in site.claim("financing")["statements"] if s["source"] == "s002")
    assert blog["number"] == 46.5e9


def test_stake_9_2_and_9_1_per_cent_are_two_accounts_and_more_than_9_fits_both(site):
    # Two filings, two figures: 9.2 % (the wire) and 9.1 per cent (the analysis) are stated to a tenth of
    # a point and differ. "More than 9 percent" fits both, so it joins neither and makes no majority.
    claim = site.claim("stake-disclosed")
    assert claim["status"] == "conflict"
    cells = site.cells("stake-disclosed")
    assert cells["s000"] == "one-of-k" and cells["s001"] == "one-of-k"
    assert cells["s003"] not in ("agrees", "differs", "only-source")
    assert not re.search(r"\bagrees with\b", site.badges("stake-disclosed")["s003"], re.I)
    assert not any(p["majority"] for p in claim["positions"])


def test_staff_7500_with_or_without_about_is_one_account_and_more_than_7000_fits_it(site):
    assert site.status("staff-count") in ("approximate", "compatible")
    cells = site.cells("staff-count")
    assert {k: cells[k] for k in ("s000", "s001", "s003")} == {"s000": "agrees", "s001": "agrees", "s003": "agrees"}
    assert cells["s002"] in ("approximate", "compatible")


def test_staff_count_is_never_a_conflict(site):
    # Whatever the reader's rule, 7,500, "about 7,500" and "more than 7,000" can all be true.
    assert site.status("staff-count") != "conflict"
    assert "differs" not in site.cells("staff-count").values()


def test_layoffs_some_3700_and_about_3700_agree(site):
    assert site.status("layoffs") == "agree"
    assert site.cells("layoffs") == {"s001": "agrees", "s002": "agrees"}


def test_payout_42_million_contradicts_38_7_which_nearly_40_fits(site):
    # "about $38.7 million" and "nearly $40 million" can be the same sum; "an estimated $42m" is above
    # "nearly $40 million" and far from 38.7: the analysis gives another estimate.
    assert site.status("agrawal-payout") == "conflict"
    assert site.cells("agrawal-payout") == {"s000": "approximate", "s001": "differs", "s003": "approximate"}


def test_gadde_general_counsel_differs_from_head_of_legal_policy_and_trust(site):
    assert site.status("gadde-role") == "conflict"
    assert site.cells("gadde-role") == {"s000": "agrees", "s001": "differs", "s003": "agrees"}


def test_exactly_seven_claims_are_true_conflicts(site):
    # price, stake, payout and Gadde's job: four claims of the first eight the articles answer in ways
    # that cannot all be true. (Changed from "exactly four" when the claims the old reader refused joined
    # the fixture: three of them are conflicts by their own tests below - the closing day, the board
    # seat, the layoffs' day; agreement-date, layoff-share and ceo-since are not.)
    assert sorted(i for i, c in site.claims.items() if c["status"] == "conflict") == [
        "agrawal-payout", "board-seat-date", "closing-date", "deal-price", "gadde-role", "layoff-date",
        "stake-disclosed"]


def cleaned_texts(built: Built) -> dict[str, str]:
    """Each article's cleaned text, as the built site exports it (data/sources/<id>.txt)."""
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted((built.root / "output" / "data" / "sources").glob("*.txt"))}


def test_figures_reads_spelled_numbers_as_whole_words_only(site):
    # the figures an editor is shown (and the finder that reads claims' quotes): a number read inside
    # another word ("ten" in "written", "one" in "alone", "gone", "None", "everyone") is no figure at all
    inside = []
    for source, text in cleaned_texts(site).items():
        for figure in find_figures(source, text):
            before = text[figure.start - 1:figure.start]
            after = text[figure.start + len(figure.text):figure.start + len(figure.text) + 1]
            if before.isalpha() or after.isalpha():
                inside.append((source, figure.text, text[figure.start - 10:figure.start + len(figure.text) + 10]))
    assert inside == []


def test_figures_lists_the_closing_dates_the_articles_state(site):
    # the closing day is stated four ways, none with a year: "Oct 27" (the dateline), "28 October",
    # "October 27", "Oct. 27"; an editor comparing dates must be shown them all
    texts = cleaned_texts(site)
    for source, said in (("s000", "Oct 27"), ("s001", "28 October"), ("s002", "October 27"), ("s003", "Oct. 27")):
        dates = [f.text for f in find_figures(source, texts[source]) if f.kind == "date"]
        assert any(said in text for text in dates), (source, said, dates)


# --- the claims whose statements only a reader of every news style can read -----------------------


def test_the_claims_quote_the_articles_word_for_word():
    """Every claim quotes its article word for word (typography aside) and names the fixture's people,
    so that only the value reader can stand between them and a build."""
    texts = {p.name: p.read_text(encoding="utf-8") for p in (FIXTURE / "seeds").iterdir()}
    squeeze = re.compile(r"\s+")
    articles = " ".join(squeeze.sub(" ", t).replace("’", "'") for t in texts.values())
    for path in sorted((FIXTURE / "content" / "claims").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        for quote in re.findall(r'^\s+quote: "(.*)"$', text, re.M):
            assert quote in articles, (path.name, quote)
        for person in re.findall(r"^people: \[(.*)\]$", text, re.M):
            for pid in person.split(", "):
                assert (FIXTURE / "content" / "people" / f"{pid}.yaml").is_file(), (path.name, pid)


def test_closing_27_october_in_san_francisco_28_october_in_britain(site):
    # the wire's "on Thursday" is its own dateline's day, 27 October; the blog and the profile give
    # 27 October without a year (their articles are dated 2022); the British analysis says 28 October
    assert site.status("closing-date") == "conflict"
    assert site.cells("closing-date") == {"s000": "agrees", "s001": "differs", "s002": "agrees", "s003": "agrees"}


def test_agreement_25_april_in_three_styles_and_late_april(site):
    assert site.status("agreement-date") == "approximate"
    assert site.cells("agreement-date") == {"s000": "agrees", "s001": "agrees", "s002": "agrees",
                                               "s003": "approximate"}


def test_board_seat_10_april_against_11_april_is_one_against_one(site):
    assert site.status("board-seat-date") == "conflict"
    assert site.cells("board-seat-date") == {"s001": "one-of-k", "s003": "one-of-k"}


def test_layoffs_on_friday_4_november_against_the_night_of_3_november(site):
    # the analysis is dated Saturday 5 November 2022: its "On Friday" is 4 November, as the blog says
    assert site.status("layoff-date") == "conflict"
    assert site.cells("layoff-date") == {"s001": "agrees", "s002": "agrees", "s003": "differs"}


def test_layoff_share_roughly_half_about_50_per_cent_about_half_agree(site):
    assert site.status("layoff-share") == "agree"
    assert site.cells("layoff-share") == {"s001": "agrees", "s002": "agrees", "s003": "agrees"}


def test_agrawal_ceo_since_november_last_year_and_29_november_2021(site):
    # the analysis (5 November 2022) says "November last year": November 2021, which holds the 29th
    assert site.status("ceo-since") == "approximate"
    assert site.cells("ceo-since") == {"s001": "approximate", "s003": "approximate"}


def test_financing_every_article_says_46_5_billion_two_of_them_as_hedged_sums(site):
    assert site.status("financing") == "agree"
    assert site.cells("financing") == {"s000": "agrees", "s001": "agrees", "s002": "agrees", "s003": "agrees"}


def test_price_per_share_in_dollars_spelled_out_agrees(site):
    assert site.status("price-per-share") == "agree"
    assert site.cells("price-per-share") == {"s000": "agrees", "s001": "agrees", "s002": "agrees",
                                                "s003": "agrees"}
