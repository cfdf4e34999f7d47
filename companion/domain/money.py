"""Money as an exact count of minor units, never a float.

Why: receipts are proof of payment; 0.1 + 0.2 must not drift, and an amount
read back from the database must be the one the user typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

#: An upper bound that no real top-up reaches; guards against typos such as a
#: reference number pasted into the amount field.
MAX_MINOR_UNITS = 10**13


@dataclass(frozen=True, order=True)
class Money:
    minor: int
    currency: str

    def __post_init__(self) -> None:
        if len(self.currency) != 3 or not self.currency.isalpha() or not self.currency.isupper():
            raise ValueError(f"not an ISO 4217 code: {self.currency!r}")
        if not -MAX_MINOR_UNITS <= self.minor <= MAX_MINOR_UNITS:
            raise ValueError("amount out of range")

    def to_decimal(self, digits: int) -> Decimal:
        """The amount in major units, for a currency with ``digits`` decimals."""
        return Decimal(self.minor).scaleb(-digits)

    @classmethod
    def from_decimal(cls, amount: Decimal, currency: str, digits: int) -> Money:
        scaled = amount.scaleb(digits)
        if scaled != scaled.to_integral_value():
            raise ValueError("too many decimal places for the currency")
        return cls(int(scaled), currency)

    def __add__(self, other: Money) -> Money:
        if other.currency != self.currency:
            raise ValueError("cannot add amounts in different currencies")
        return Money(self.minor + other.minor, self.currency)
