#!/usr/bin/env python3
"""Generate a reproducible corpus of phone-number inputs as an SMS/voice gateway receives them.

One input per line: `REGION<TAB>INPUT`, where REGION is the gateway's default region for the
request (usually the right one, sometimes wrong, sometimes empty). Inputs never contain a tab or a
newline.

Numbers are the example numbers of every region and non-geographic calling code in the
`phonenumbers` metadata with their last three digits randomised (so most stay valid), written as:

    E.164 (+CCNSN)                   ~40%     national format, right region     ~25%
    international with punctuation   ~14%     international prefix (00/011 CC)   ~4%
    extension appended                ~4%     Unicode digits / separators        ~4%
    junk and invalid                  ~5%     E.164 digits without '+'           ~4%

Big-traffic regions (US, IN, BR, GB, ...) are weighted up. Deterministic: fixed seed; the first N
lines of a larger corpus equal a smaller one, so `sample-10k.tsv` is a prefix of `mixed-1m.txt`.

    pip install phonenumbers==9.0.43
    python3 Benchmarks/corpus/generate.py                         # 1,000,000 lines -> mixed-1m.txt
    python3 Benchmarks/corpus/generate.py --count 10000 --out Benchmarks/corpus/sample-10k.tsv
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

import phonenumbers
from phonenumbers import NumberParseException, PhoneMetadata, PhoneNumberFormat

ORACLE_VERSION = "9.0.43"
SEED = 1_000_003
HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE / "mixed-1m.txt"

DESC_TYPES = [
    "fixed_line", "mobile", "toll_free", "premium_rate", "shared_cost", "voip",
    "personal_number", "pager", "uan", "voicemail",
]
# Regions with the most SMS/voice OTP traffic get extra weight (by seed count).
HEAVY_REGIONS = {
    "US": 12, "IN": 10, "BR": 6, "ID": 5, "GB": 5, "MX": 4, "NG": 4, "PH": 4, "DE": 4, "FR": 3,
    "RU": 3, "TR": 3, "PK": 3, "VN": 3, "EG": 3, "CA": 3, "ES": 2, "IT": 2, "AR": 2, "CO": 2,
    "KE": 2, "ZA": 2, "SA": 2, "AE": 2, "TH": 2, "BD": 2, "JP": 2, "KR": 2, "PL": 2, "UA": 2,
}
DIGIT_ZEROS = [0x0660, 0x06F0, 0x0966, 0x09E6, 0x0E50, 0xFF10, 0x1D7CE]
SEPARATORS = ["\u00a0", "\u2013", "\u2011", "\u2212", "\u3000"]
EXTENSIONS = [" ext. {}", " x{}", "#{}", ";ext={}", " ext {}"]
JUNK = [
    "", "n/a", "N/A", "none", "null", "test", "+", "++", "0", "00", "000000", "123", "+1",
    "+999 123 4567", "+0 1234567", "abc", "call me", "+44", "1234567890123456789012",
    "+1 (555) CALL-NOW-PLEASE", "tel:", "-", "()", "+44 20", "?", "x", "#", "*100#",
]


class Template:
    """One example number, pre-formatted; `render` swaps its last digits for random ones."""

    __slots__ = ("region", "cc", "nsn", "international", "national", "idd_rest")

    def __init__(self, region: str, cc: int, nsn: str) -> None:
        num = phonenumbers.parse(f"+{cc}{nsn}", None)
        self.region = region
        self.cc = cc
        self.nsn = nsn
        self.international = phonenumbers.format_number(num, PhoneNumberFormat.INTERNATIONAL)
        self.national = phonenumbers.format_number(num, PhoneNumberFormat.NATIONAL)
        self.idd_rest = self.international[1:]


def replace_last_digits(text: str, digits: str) -> str:
    """Replaces the last len(digits) ASCII digits of text, keeping the punctuation."""
    chars = list(text)
    k = len(digits) - 1
    for i in range(len(chars) - 1, -1, -1):
        if k < 0:
            break
        if "0" <= chars[i] <= "9":
            chars[i] = digits[k]
            k -= 1
    return "".join(chars)


def idd_prefix(region: str) -> str | None:
    meta = PhoneMetadata.metadata_for_region(region)
    if meta.international_prefix and re.fullmatch(r"\d+", meta.international_prefix):
        return meta.international_prefix
    pref = meta.preferred_international_prefix
    if pref and re.fullmatch(r"\d+", pref):
        return pref
    return None


def templates() -> list[Template]:
    out: list[Template] = []
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        meta = PhoneMetadata.metadata_for_region(region)
        seen: set[str] = set()
        for kind in DESC_TYPES:
            desc = getattr(meta, kind)
            if desc is None or not desc.example_number or desc.example_number in seen:
                continue
            seen.add(desc.example_number)
            try:
                template = Template(region, meta.country_code, desc.example_number)
            except NumberParseException:
                continue
            out += [template] * HEAVY_REGIONS.get(region, 1)
            # Mobile numbers dominate OTP traffic.
            if kind == "mobile":
                out += [template] * (2 * HEAVY_REGIONS.get(region, 1))
    for cc in sorted(phonenumbers.COUNTRY_CODES_FOR_NON_GEO_REGIONS):
        meta = PhoneMetadata.metadata_for_nongeo_region(cc)
        for kind in DESC_TYPES:
            desc = getattr(meta, kind)
            if desc is not None and desc.example_number:
                out.append(Template("001", cc, desc.example_number))
    return out


class Generator:
    def __init__(self) -> None:
        self.rng = random.Random(SEED)
        self.templates = templates()
        self.regions = sorted(phonenumbers.SUPPORTED_REGIONS)
        self.idd_regions = [r for r in self.regions if idd_prefix(r)]
        self.idd = {r: idd_prefix(r) for r in self.idd_regions}

    def default_region(self, t: Template) -> str:
        """The gateway's default region: right ~85%, wrong ~8%, empty ~7%."""
        roll = self.rng.random()
        if t.region == "001":
            return "" if roll < 0.5 else self.rng.choice(self.regions)
        if roll < 0.07:
            return ""
        if roll < 0.15:
            return self.rng.choice(self.regions)
        return t.region

    def line(self) -> tuple[str, str]:
        rng = self.rng
        t = rng.choice(self.templates)
        k = min(3, len(t.nsn) - 1)
        digits = "".join(rng.choice("0123456789") for _ in range(k))
        nsn = t.nsn[: len(t.nsn) - k] + digits
        roll = rng.random()
        if roll < 0.40:
            return self.default_region(t), f"+{t.cc}{nsn}"
        if roll < 0.54:
            text = replace_last_digits(t.international, digits)
            style = rng.random()
            if style < 0.3:
                text = text.replace(" ", "-")
            elif style < 0.4:
                text = text.replace(" ", ".")
            elif style < 0.5:
                text = text.replace(" ", "")
            return self.default_region(t), text
        if roll < 0.79:
            if t.region == "001":
                return "", f"+{t.cc}{nsn}"
            text = replace_last_digits(t.national, digits)
            if rng.random() < 0.2:
                text = text.replace(" ", "")
            return self.default_region(t), text
        if roll < 0.83:
            caller = rng.choice(["US", "DE", "GB", "FR", "IN"] + self.idd_regions[:: 7])
            return caller, f"{self.idd[caller]} {replace_last_digits(t.idd_rest, digits)}"
        if roll < 0.87:
            style = rng.choice(EXTENSIONS)
            ext = "".join(rng.choice("0123456789") for _ in range(rng.randint(2, 5)))
            return self.default_region(t), f"+{t.cc}{nsn}" + style.format(ext)
        if roll < 0.89:
            zero = rng.choice(DIGIT_ZEROS)
            text = replace_last_digits(t.international, digits)
            return self.default_region(t), "".join(
                chr(zero + ord(c) - 48) if "0" <= c <= "9" else c for c in text)
        if roll < 0.91:
            text = replace_last_digits(t.international, digits)
            return self.default_region(t), text.replace(" ", rng.choice(SEPARATORS))
        if roll < 0.95:
            if t.region == "001":
                return "", f"+{t.cc}{nsn}"
            return t.region, f"{t.cc}{nsn}"
        # Junk and invalid: fixed junk, random digit strings, truncated or overlong numbers.
        kind = rng.random()
        region = rng.choice(["", "US", "GB", "IN", t.region if t.region != "001" else ""])
        if kind < 0.35:
            return region, rng.choice(JUNK)
        if kind < 0.6:
            n = rng.randint(1, 22)
            return region, "".join(rng.choice("0123456789") for _ in range(n))
        if kind < 0.8:
            return region, f"+{t.cc}{nsn[: rng.randint(0, max(0, len(nsn) - 2))]}"
        return region, f"+{t.cc}{nsn}{rng.randint(10, 99999)}"


def main() -> int:
    parser = argparse.ArgumentParser(description="Generate the gateway input corpus.")
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    if phonenumbers.__version__ != ORACLE_VERSION:
        print(
            f"warning: phonenumbers {phonenumbers.__version__} installed; corpus is defined with "
            f"{ORACLE_VERSION} (pip install phonenumbers=={ORACLE_VERSION})",
            file=sys.stderr,
        )
    gen = Generator()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "w", encoding="utf-8", newline="\n") as out:
        buffer: list[str] = []
        for _ in range(args.count):
            region, text = gen.line()
            assert "\t" not in text and "\n" not in text
            buffer.append(f"{region}\t{text}\n")
            if len(buffer) >= 50_000:
                out.write("".join(buffer))
                buffer.clear()
        out.write("".join(buffer))
    print(f"wrote {args.count} lines to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
