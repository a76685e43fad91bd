"""A value as a statement gives it: the article's words beside their normalized reading."""
from __future__ import annotations

from dataclasses import dataclass

from ...model import CURRENCY_SYMBOLS, NUMBER_KINDS, VALUE_KINDS, PartialDate  # noqa: F401  (re-exported)

EQUAL, APPROX, COMPATIBLE, DIFFERENT = "equal", "approximate", "compatible", "different"


class UnreadableValue(ValueError):
    pass


@dataclass(frozen=True)
class Value:
    """A value as a statement gives it: the article's words, and their normalized reading."""

    kind: str
    text: str                      # the words that state it (the article's own, or the editor's `value:`)
    number: float | None = None    # money in its currency, counts, percentages (49.0)
    low: float | None = None       # a range or a vague quantity ("tens of thousands", "$14-15 billion")
    high: float | None = None
    hedge: str = ""                # "", "below", "around", "above"
    open_bound: bool = False       # the hedge sets a limit ("more than", "up to", "N+"), not an estimate ("nearly")
    strict: bool = False           # the hedge excludes the number itself ("nearly 15" is not 15)
    date: PartialDate | None = None
    phrase: str = ""
    parts: tuple[Value, ...] = ()  # a sum of the article's parts ("roughly $620 million + about $30 million")
    step: float = 0.0              # the unit of the last digit stated: 0.1 billion in "$2.7 billion"
    currency: str = ""             # money: an ISO code ("USD" for "$", "US$", "dollars")
    derived: str = ""              # dates: "year" (taken from the article's date) or "relative" (counted from it)

    @property
    def exact(self) -> bool:
        return not self.hedge and self.low is None and not self.parts and not (self.date and self.date.qualifier)

    @property
    def normalized(self) -> str:
        """The reading used to compare, in the site's own words: '$2.1 billion', 'under 28',
        '10,000–99,999', 'June 2025'. Shown beside the article's words, never instead of them."""
        if self.kind == "date" and self.date is not None:
            return self.date.label
        if self.kind not in NUMBER_KINDS:
            return self.phrase or self.text
        if self.low is not None and self.high is not None:
            text = f"{self._format(self.low)}–{self._format(self.high)}"
            return text if self.number is None or not self.hedge or self.hedge == "around" else \
                f"{_HEDGE_WORDS[self.hedge]}{text}"
        text = self._format(self.number or 0)
        if self.parts:
            text += " (" + " + ".join(part._format(part.number or 0) for part in self.parts) + ")"
        return _HEDGE_WORDS.get(self.hedge, "") + text

    def _format(self, amount: float) -> str:
        if self.kind == "percent":
            return f"{amount:.3g}%" if amount != int(amount) else f"{amount:g}%"
        if self.kind == "count":
            return f"{amount:,.0f}" if amount >= 1000 or amount == int(amount) else f"{amount:g}"
        symbol = CURRENCY_SYMBOLS.get(self.currency or "USD", self.currency + " ")
        amount = float(f"{amount:.6g}")        # 999,999,999 (the top of "hundreds of millions") is $1 billion
        for scale, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
            if amount >= scale:
                return f"{symbol}{round(amount / scale, 6):g} {word}"
        # the cents an article states are kept ("$54.20"), never rounded away
        decimals = 2 if 0 < self.step < 1 else 0
        return f"{symbol}{amount:,.{decimals}f}"


_HEDGE_WORDS = {"below": "under ", "around": "about ", "above": "more than "}


@dataclass(frozen=True)
class Found:
    """A value stated in a text, at [start, end). `problem` says why words that state a value
    could not be read whole (the value is then only the part that was)."""

    value: Value
    start: int
    end: int
    problem: str = ""
