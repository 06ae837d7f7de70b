#!/usr/bin/env python3
"""Writes the `normalize` fixtures: inputs, and the outputs expected from them.

The expected numbers come from the oracle (phonenumbers 9.0.43, the Python port of Google's
libphonenumber), not from `normalize`; the row layout (status and reason columns, JSON keys, reject
and stats files) follows docs/NORMALIZE.md. Rerun after changing an input:

    python3 Tests/NormalizeTests/Fixtures/generate.py
"""

from __future__ import annotations

import json
from pathlib import Path

import phonenumbers as pn
from phonenumbers import NumberParseException, PhoneNumberFormat, PhoneNumberType

HERE = Path(__file__).resolve().parent

TYPES = {
    PhoneNumberType.FIXED_LINE: "fixed_line", PhoneNumberType.MOBILE: "mobile",
    PhoneNumberType.FIXED_LINE_OR_MOBILE: "fixed_line_or_mobile", PhoneNumberType.TOLL_FREE: "toll_free",
    PhoneNumberType.PREMIUM_RATE: "premium_rate", PhoneNumberType.SHARED_COST: "shared_cost",
    PhoneNumberType.VOIP: "voip", PhoneNumberType.PERSONAL_NUMBER: "personal_number",
    PhoneNumberType.PAGER: "pager", PhoneNumberType.UAN: "uan", PhoneNumberType.VOICEMAIL: "voicemail",
    PhoneNumberType.UNKNOWN: "unknown",
}
TYPE_ORDER = ["fixed_line", "mobile", "fixed_line_or_mobile", "toll_free", "premium_rate", "shared_cost",
              "voip", "personal_number", "pager", "uan", "voicemail", "unknown"]
REASONS = ["input_too_long", "not_a_number", "missing_region", "invalid_country_code", "too_short_after_idd",
           "too_short_nsn", "too_long", "invalid_number", "unknown_region", "invalid_utf8", "wrong_field_count",
           "unterminated_quote", "text_after_closing_quote", "record_too_long"]
MALFORMED = set(REASONS[REASONS.index("invalid_utf8"):])
FORMATS = {"e164": PhoneNumberFormat.E164, "international": PhoneNumberFormat.INTERNATIONAL,
           "national": PhoneNumberFormat.NATIONAL, "rfc3966": PhoneNumberFormat.RFC3966}


class Result:
    """What the oracle says about one row's number (or why the row is malformed)."""

    def __init__(self, number=None, reason=None):
        self.number = number
        self.reason = reason

    @property
    def valid(self):
        return self.number is not None and pn.is_valid_number(self.number)

    @property
    def error(self):
        if self.reason:
            return self.reason
        return None if self.valid else "invalid_number"

    @property
    def status(self):
        if self.reason in MALFORMED:
            return "malformed"
        return "valid" if self.valid else "invalid"

    def formatted(self, fmt):
        return pn.format_number(self.number, FORMATS[fmt])

    def written(self, fmt):
        """How `same` output writes a valid number: the format, and for E.164 the extension as
        RFC 3966's `;ext=` parameter (the other formats write it themselves)."""
        text = self.formatted(fmt)
        if fmt == "e164" and self.number.extension:
            text += ";ext=" + self.number.extension
        return text

    @property
    def region(self):
        return pn.region_code_for_number(self.number)

    @property
    def type(self):
        return TYPES[pn.number_type(self.number)] if self.valid else "unknown"


def oracle(text: str, region: str | None, unknown_region: bool = False) -> Result:
    if len(text.encode()) > 250:
        return Result(reason="input_too_long")
    try:
        return Result(number=pn.parse(text, region))
    except NumberParseException as error:
        kind = error.error_type
        if kind == NumberParseException.INVALID_COUNTRY_CODE:
            if text.lstrip().startswith("+"):
                return Result(reason="invalid_country_code")
            return Result(reason="unknown_region" if unknown_region else "missing_region")
        return Result(reason={
            NumberParseException.NOT_A_NUMBER: "not_a_number",
            NumberParseException.TOO_SHORT_AFTER_IDD: "too_short_after_idd",
            NumberParseException.TOO_SHORT_NSN: "too_short_nsn",
            NumberParseException.TOO_LONG: "too_long",
        }[kind])


def json_string(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bytes):
        value = value.decode("utf-8", errors="replace")
    return json.dumps(value, ensure_ascii=False)


def json_row(input_value, result: Result) -> str:
    n = result.number if result.reason is None else None
    fields = [
        ("input", json_string(input_value)),
        ("e164", json_string(result.formatted("e164")) if n else "null"),
        ("region", json_string(result.region) if n else "null"),
        ("type", json_string(result.type) if n else "null"),
        ("valid", "true" if result.valid else "false"),
        ("possible", "true" if n and pn.is_possible_number(n) else "false"),
        ("extension", json_string(n.extension) if n and n.extension else "null"),
        ("error", json_string(result.error)),
    ]
    return "{" + ",".join(f'"{key}":{value}' for key, value in fields) + "}\n"


def tsv_field(value: bytes) -> bytes:
    return (value.replace(b"\\", b"\\\\").replace(b"\t", b"\\t").replace(b"\n", b"\\n")
            .replace(b"\r", b"\\r"))


def tsv_row(input_value: bytes | None, result: Result) -> bytes:
    n = result.number if result.reason is None else None
    cells = [
        tsv_field(input_value) if input_value is not None else b"",
        result.formatted("e164").encode() if n else b"",
        (result.region or "").encode() if n else b"",
        result.type.encode() if n else b"",
        b"true" if result.valid else b"false",
        b"true" if n and pn.is_possible_number(n) else b"false",
        (n.extension or "").encode() if n else b"",
        (result.error or "").encode(),
    ]
    return b"\t".join(cells) + b"\n"


TSV_HEADER = b"input\te164\tregion\ttype\tvalid\tpossible\textension\terror\n"


def stats_report(results: list[Result]) -> str:
    rows = len(results)
    width = max(len(str(rows)), 1)
    lines = []

    def line(label, value, indent=0):
        lines.append(" " * indent + label + " " * max(0, 26 - indent - len(label)) + str(value).rjust(width))

    counts = {reason: 0 for reason in REASONS}
    regions: dict[str, int] = {}
    types: dict[str, int] = {}
    for result in results:
        if result.error:
            counts[result.error] += 1
        else:
            regions[result.region or "-"] = regions.get(result.region or "-", 0) + 1
            types[result.type] = types.get(result.type, 0) + 1
    line("rows", rows)
    line("valid", sum(1 for r in results if r.error is None))
    line("invalid", sum(counts[r] for r in REASONS if r not in MALFORMED))
    for reason in REASONS:
        if reason not in MALFORMED and counts[reason]:
            line(reason, counts[reason], 2)
    line("malformed", sum(counts[r] for r in MALFORMED))
    for reason in REASONS:
        if reason in MALFORMED and counts[reason]:
            line(reason, counts[reason], 2)
    lines.append("top regions")
    for name, count in sorted(regions.items(), key=lambda kv: (-kv[1], kv[0]))[:10]:
        line(name, count, 2)
    lines.append("types")
    for name, count in sorted(types.items(), key=lambda kv: (-kv[1], kv[0])):
        line(name, count, 2)
    return "\n".join(lines) + "\n"


# ----------------------------------------------------------------------------------------------
# Lines: `normalize --region US numbers.txt`

NUMBERS = [
    b"(201) 555-0123",
    b"+44 20 7946 0958",
    b"020 7946 0958",
    b"+1 201-555-0123 ext. 42",
    b"tel:+1-201-555-0123",
    b"abc",
    b"12",
    b"+999 123 4567",
    b"1-800-FLOWERS",
    b"",
    "+٤٤ ٢٠ ٧٩٤٦ ٠٩٥٨".encode(),
    b"+800 1234 5678",
    b"  202-555-0187  ",
    b"011 44 20 7946 0958",
    b"011",
    b"+1 201 555 01234567890123",
    b"2015550123\r",  # a CRLF line
    b"\xff\xfe 201 555 0123",  # not UTF-8
    b"+39 06 6982 1234",
    b"\"quoted\" \\ and\ttab",
]


def write_lines_fixtures():
    (HERE / "numbers.txt").write_bytes(b"\n".join(NUMBERS) + b"\n")
    results, inputs = [], []
    for raw in NUMBERS:
        content = raw[:-1] if raw.endswith(b"\r") else raw
        inputs.append(content)
        try:
            text = content.decode("utf-8")
        except UnicodeDecodeError:
            results.append(Result(reason="invalid_utf8"))
            continue
        results.append(oracle(text, "US"))
    for fmt in ("e164", "national", "rfc3966"):
        out = b""
        for content, result in zip(inputs, results):
            if result.error is None:
                out += result.written(fmt).encode() + b"\n"
            else:
                out += content + b"\t" + result.error.encode() + b"\n"
        (HERE / f"numbers.{fmt}.expected").write_bytes(out)
    (HERE / "numbers.jsonl.expected").write_text(
        "".join(json_row(content, result) for content, result in zip(inputs, results)), encoding="utf-8")
    (HERE / "numbers.tsv.expected").write_bytes(
        TSV_HEADER + b"".join(tsv_row(content, result) for content, result in zip(inputs, results)))
    reject = b"source\tline\treason\tinput\n"
    for line, (content, result) in enumerate(zip(inputs, results), start=1):
        if result.error:
            reject += b"numbers.txt\t%d\t%s\t%s\n" % (line, result.error.encode(), content)
    (HERE / "numbers.reject.expected").write_bytes(reject)
    (HERE / "numbers.stats.expected").write_text(stats_report(results), encoding="utf-8")


# ----------------------------------------------------------------------------------------------
# CSV: `normalize --csv --column phone --region-column country --region US customers.csv`
# Each row: the raw record (without line end), its line end, and either its fields or the reason
# it is malformed (with the phone field, when the row has one).

CSV_HEADER = b"id,name,country,phone,note"
CSV_ROWS = [
    (b'1,"Smith, John",US,"(201) 555-0123","says ""hi"""', b"\n"),
    (b'2,Ann,GB,020 7946 0958,"two\nlines"', b"\n"),
    (b"3,Bob,,+33 1 23 45 67 89,", b"\n"),
    ("4,Zoë,DE,030 123456,ok".encode(), b"\n"),
    (b"5,Eve,XX,555-0100,unknown region", b"\n"),
    (b"6,Mal,US,12,short", b"\n"),
    (b"7,Few,US,2015550123", b"\n"),
    (b'8,Many,US,"201 555 0199",x,extra', b"\n"),
    (b"9,Crlf,GB,07400 123456,crlf", b"\r\n"),
    (b'10,"Text"after,US,2015550123,x', b"\n"),
    (b"11,Bytes,US,201 555 0123 \xff,x", b"\n"),
    (b"12,Empty,US,,empty", b"\n"),
    (b"13,Alias,uk,07400 123456,lower-case alias", b"\n"),
    (b'14,"Quote, ""Inner""",US,"+1 (201) 555-0144",', b"\n"),
    (b'15,Open,US,"2015550123\nstill inside', b""),  # unterminated: runs to the end of the file
]


def parse_csv_record(raw: bytes):
    """The fields of a record by RFC 4180 (values, and raw bytes as written) and the reason it is
    malformed (or None), as `normalize` reads them: a quote opens a field only at its start."""
    values, raws, issue, i = [], [], None, 0
    while True:
        start = i
        if i < len(raw) and raw[i:i + 1] == b'"':
            i += 1
            value = b""
            while True:
                if i >= len(raw):
                    return values + [value], raws + [raw[start:]], "unterminated_quote"
                if raw[i:i + 1] == b'"':
                    if raw[i + 1:i + 2] == b'"':
                        value += b'"'
                        i += 2
                        continue
                    i += 1
                    break
                value += raw[i:i + 1]
                i += 1
            if i < len(raw) and raw[i:i + 1] != b",":
                issue = issue or "text_after_closing_quote"
                while i < len(raw) and raw[i:i + 1] != b",":
                    i += 1
        else:
            end = raw.find(b",", i)
            end = len(raw) if end < 0 else end
            value = raw[i:end]
            i = end
        values.append(value)
        raws.append(raw[start:i])
        if i < len(raw):
            i += 1
            continue
        return values, raws, issue


def write_csv_fixtures():
    data = CSV_HEADER + b"\n" + b"".join(raw + end for raw, end in CSV_ROWS)
    (HERE / "customers.csv").write_bytes(data)
    width = len(CSV_HEADER.split(b","))
    phone, country = 3, 2
    same = CSV_HEADER + b",status,reason\n"
    append = CSV_HEADER + b",e164,status,reason\n"
    jsonl, results = "", []
    reject = b"source,line,reason," + CSV_HEADER + b"\n"
    line = 2
    for content, end in CSV_ROWS:
        values, raws, reason = parse_csv_record(content)
        if reason is None:
            try:
                content.decode("utf-8")
            except UnicodeDecodeError:
                reason = "invalid_utf8"
        if reason is None and len(values) != width:
            reason = "wrong_field_count"
        value = values[phone] if phone < len(values) else None
        if reason:
            result = Result(reason=reason)
        else:
            cell = values[country].strip().upper()
            cell = {b"UK": b"GB", b"EL": b"GR"}.get(cell, cell)
            known = cell.decode() in pn.SUPPORTED_REGIONS
            region = cell.decode() if known else ("US" if not cell else None)
            result = oracle(value.decode(), region, unknown_region=bool(cell) and not known)
        results.append(result)
        closed = content + (b'"' if reason == "unterminated_quote" else b"")
        padding = b"," * max(0, width - len(values))
        if result.status == "valid":
            number = result.written("e164").encode()
            same += b",".join(raws[:phone] + [number] + raws[phone + 1:]) + b",valid,\n"
            append += content + b"," + number + b",valid,\n"
        elif result.status == "invalid":
            same += content + b",invalid," + result.error.encode() + b"\n"
            append += content + b",,invalid," + result.error.encode() + b"\n"
        elif len(values) > width:
            # Fields past the header's width follow the status and reason columns.
            head = b",".join(raws[:width])
            tail = content[len(head):] + (b'"' if reason == "unterminated_quote" else b"")
            same += head + b",malformed," + result.error.encode() + tail + b"\n"
            append += head + b",,malformed," + result.error.encode() + tail + b"\n"
        else:
            same += closed + padding + b",malformed," + result.error.encode() + b"\n"
            append += closed + padding + b",,malformed," + result.error.encode() + b"\n"
        jsonl += json_row(value, result)
        if result.error:
            reject += b"customers.csv,%d,%s,%s\n" % (line, result.error.encode(), closed)
        line += content.count(b"\n") + end.count(b"\n")
    (HERE / "customers.expected.csv").write_bytes(same)
    (HERE / "customers.append.expected.csv").write_bytes(append)
    (HERE / "customers.jsonl.expected").write_text(jsonl, encoding="utf-8")
    (HERE / "customers.reject.expected.csv").write_bytes(reject)
    (HERE / "customers.stats.expected").write_text(stats_report(results), encoding="utf-8")


# ----------------------------------------------------------------------------------------------
# TSV: `normalize --tsv --column 2 --region-column region --region GB contacts.tsv`

TSV_HEADER_ROW = b"name\tphone\tregion"
TSV_ROWS = [
    b"Ann\t020 7946 0958\t",
    b"Bob\t(201) 555-0123\tUS",
    b"Cy\t\"07400 123456\"\tGB",
    b"Di\tnot a number\tGB",
    b"Ed\t+49 30 123456",
    b"Fay\t+33 1 23 45 67 89\tFR\textra",
]


def write_tsv_fixtures():
    (HERE / "contacts.tsv").write_bytes(TSV_HEADER_ROW + b"\n" + b"\n".join(TSV_ROWS) + b"\n")
    out = TSV_HEADER_ROW + b"\tstatus\treason\n"
    for raw in TSV_ROWS:
        fields = raw.split(b"\t")
        if len(fields) < 3:
            out += raw + b"\t" * (3 - len(fields)) + b"\tmalformed\twrong_field_count\n"
            continue
        if len(fields) > 3:
            out += b"\t".join(fields[:3] + [b"malformed", b"wrong_field_count"] + fields[3:]) + b"\n"
            continue
        region = fields[2].decode() or "GB"
        result = oracle(fields[1].decode(), region)
        if result.status == "valid":
            out += b"\t".join([fields[0], result.formatted("e164").encode(), fields[2]]) + b"\tvalid\t\n"
        else:
            out += raw + b"\tinvalid\t" + result.error.encode() + b"\n"
    (HERE / "contacts.expected.tsv").write_bytes(out)


if __name__ == "__main__":
    assert pn.__version__ == "9.0.43", pn.__version__
    write_lines_fixtures()
    write_csv_fixtures()
    write_tsv_fixtures()
