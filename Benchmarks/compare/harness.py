#!/usr/bin/env python3
"""Peer-comparison harness: the Python port of libphonenumber (`phonenumbers`, pinned 9.0.43).

    python3 harness.py CORPUS ANSWERS [LABEL]

CORPUS holds `REGION<TAB>INPUT` lines (empty REGION = no default region). Lines are read and split
before the clock starts. The timed loop does, per input: parse with the default region,
is_valid_number, number_type, format_number(E164). ANSWERS receives one
`status<TAB>e164<TAB>valid<TAB>type` line per input, in order. stdout receives one JSON line.
"""

import json
import sys
import time

import phonenumbers
from phonenumbers import NumberParseException, PhoneMetadata, PhoneNumberFormat, PhoneNumberType

STATUS = {
    NumberParseException.INVALID_COUNTRY_CODE: "INVALID_COUNTRY_CODE",
    NumberParseException.NOT_A_NUMBER: "NOT_A_NUMBER",
    NumberParseException.TOO_SHORT_AFTER_IDD: "TOO_SHORT_AFTER_IDD",
    NumberParseException.TOO_SHORT_NSN: "TOO_SHORT_NSN",
    NumberParseException.TOO_LONG: "TOO_LONG",
}
TYPES = {
    PhoneNumberType.FIXED_LINE: "fixed_line",
    PhoneNumberType.MOBILE: "mobile",
    PhoneNumberType.FIXED_LINE_OR_MOBILE: "fixed_line_or_mobile",
    PhoneNumberType.TOLL_FREE: "toll_free",
    PhoneNumberType.PREMIUM_RATE: "premium_rate",
    PhoneNumberType.SHARED_COST: "shared_cost",
    PhoneNumberType.VOIP: "voip",
    PhoneNumberType.PERSONAL_NUMBER: "personal_number",
    PhoneNumberType.PAGER: "pager",
    PhoneNumberType.UAN: "uan",
    PhoneNumberType.VOICEMAIL: "voicemail",
    PhoneNumberType.UNKNOWN: "unknown",
}


def main() -> int:
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    label = sys.argv[3] if len(sys.argv) > 3 else f"phonenumbers {phonenumbers.__version__} (Python)"
    with open(sys.argv[1], "rb") as f:
        data = f.read().decode("utf-8")
    inputs = []
    for line in data.split("\n"):
        if not line:
            continue
        region, _, text = line.partition("\t")
        inputs.append((region or None, text))

    # Load every region's metadata before the clock, as the C++ library does in GetInstance().
    PhoneMetadata.load_all()
    parse = phonenumbers.parse
    is_valid = phonenumbers.is_valid_number
    number_type = phonenumbers.number_type
    format_number = phonenumbers.format_number
    e164 = PhoneNumberFormat.E164
    answers = [None] * len(inputs)

    start = time.perf_counter_ns()
    for i, (region, text) in enumerate(inputs):
        try:
            number = parse(text, region)
        except NumberParseException as error:
            answers[i] = (error.error_type,)
            continue
        answers[i] = (None, format_number(number, e164), is_valid(number), number_type(number))
    total_ns = time.perf_counter_ns() - start

    with open(sys.argv[2], "w", encoding="utf-8", newline="\n") as out:
        for answer in answers:
            if answer[0] is not None:
                out.write(f"{STATUS[answer[0]]}\t\t\t\n")
            else:
                out.write(f"ok\t{answer[1]}\t{1 if answer[2] else 0}\t{TYPES[answer[3]]}\n")

    count = len(inputs)
    print(json.dumps({
        "impl": label,
        "count": count,
        "total_ns": total_ns,
        "ns_per_number": round(total_ns / count, 1) if count else 0,
        "numbers_per_second": round(count * 1e9 / total_ns) if total_ns else 0,
    }, separators=(",", ":")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
