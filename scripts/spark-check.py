#!/usr/bin/env python3
"""Runs `normalize` as a Spark `RDD.pipe` filter in local mode and checks what comes back.

The recipe is the one docs/SPARK.md gives: a DataFrame of (id, phone, country) rows becomes
headerless TSV lines, `normalize --tsv --no-header --column 1 --region-column 2 --output jsonl`
turns each line into one JSON object, and the results are joined back to the rows by position
(`RDD.zip`). The binary reaches the executors through `spark.files` (`--files`) and `SparkFiles`.

Checks, each a failure (exit 1) when it does not hold:
- rows in = rows out, in every partition (`zip` refuses otherwise), and each result's `input` is
  the text of its own row (the join by position is right);
- every answer (E.164, region, type, validity, extension, error) equals that of a Python UDF over
  the `phonenumbers` oracle (9.0.43), except where Dialtone differs on purpose and the row shows
  it (docs/CONFORMANCE.md: an E.164 that reads back as itself);
- the same answers on a second run with another partitioning;
- the Scala recipe (scripts/spark/normalize-recipe.scala, run in spark-shell) gives every row the
  same answers as the PySpark one.

Prints the time of both paths on the same rows and their ratio (the README's figure).

    python3 scripts/spark-check.py --binary .build/release/normalize [--rows 200000]

Needs `pyspark` (4.3.0), Java 17 and `phonenumbers` 9.0.43; anything missing is an error, never a
skip.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time


def fail(message: str) -> None:
    print(f"spark-check: FAILED: {message}", file=sys.stderr)
    sys.exit(1)


try:
    import phonenumbers
    from phonenumbers import NumberParseException, PhoneNumberFormat, PhoneNumberType
except ImportError:
    fail("phonenumbers is not installed (pip install phonenumbers==9.0.43)")
try:
    import pyspark
    from pyspark import SparkFiles
    from pyspark.sql import Row, SparkSession
    from pyspark.sql import functions as F
    from pyspark.sql import types as T
except ImportError:
    fail("pyspark is not installed (pip install pyspark==4.3.0)")

ORACLE_VERSION = "9.0.43"
SEED = 20261206

TYPES = {
    PhoneNumberType.FIXED_LINE: "fixed_line", PhoneNumberType.MOBILE: "mobile",
    PhoneNumberType.FIXED_LINE_OR_MOBILE: "fixed_line_or_mobile", PhoneNumberType.TOLL_FREE: "toll_free",
    PhoneNumberType.PREMIUM_RATE: "premium_rate", PhoneNumberType.SHARED_COST: "shared_cost",
    PhoneNumberType.VOIP: "voip", PhoneNumberType.PERSONAL_NUMBER: "personal_number",
    PhoneNumberType.PAGER: "pager", PhoneNumberType.UAN: "uan", PhoneNumberType.VOICEMAIL: "voicemail",
    PhoneNumberType.UNKNOWN: "unknown",
}

# The result columns, as `normalize --output jsonl` names them.
RESULT_SCHEMA = T.StructType([
    T.StructField("e164", T.StringType()),
    T.StructField("region", T.StringType()),
    T.StructField("type", T.StringType()),
    T.StructField("valid", T.BooleanType()),
    T.StructField("possible", T.BooleanType()),
    T.StructField("extension", T.StringType()),
    T.StructField("error", T.StringType()),
])


# ------------------------------------------------------------------------------------------------
# The recipe (docs/SPARK.md)


def tsv_field(value: str | None) -> str:
    """A value as a TSV field: TSV has no quoting, so tabs and line breaks become spaces (a line
    break would make two rows of one)."""
    if value is None:
        return ""
    return value.replace("\t", " ").replace("\r", " ").replace("\n", " ")


def normalize_command(spark: SparkSession, default_region: str) -> str:
    """The pipe command. Executors find the files shipped with `--files` in their working
    directory; in local mode the executor runs inside the driver, where SparkFiles.get names them."""
    local = spark.sparkContext.master.startswith("local")
    binary = SparkFiles.get("normalize") if local else "./normalize"
    return (f"{binary} --tsv --no-header --column 1 --region-column 2 --region {default_region}"
            " --output jsonl --no-progress")


def normalize_dataframe(spark: SparkSession, df, phone: str, country: str, default_region: str):
    """`df` with the result columns of `normalize` added, joined back by position."""
    rows = df.rdd.cache()  # read twice by zip: once for the lines, once for the rows
    lines = rows.map(lambda r: tsv_field(r[phone]) + "\t" + tsv_field(r[country]))
    results = lines.pipe(normalize_command(spark, default_region), checkCode=True)

    def merge(pair):
        row, line = pair
        answer = json.loads(line)
        if answer["input"] != tsv_field(row[phone]):
            raise RuntimeError(f"row {row} got the answer for {answer['input']!r}")
        return tuple(row) + tuple(answer[field.name] for field in RESULT_SCHEMA.fields)

    schema = T.StructType(df.schema.fields + RESULT_SCHEMA.fields)
    return spark.createDataFrame(rows.zip(results).map(merge), schema)


# ------------------------------------------------------------------------------------------------
# The oracle as a Python UDF


def oracle(text: str | None, region: str | None, default_region: str):
    """What `normalize` should answer, from `phonenumbers`, plus whether the oracle's own E.164
    reads back as itself."""
    text = tsv_field(text)
    region = tsv_field(region).strip().upper() or default_region
    if len(text.encode()) > 250:
        return (None, None, None, False, False, None, "input_too_long", True)
    try:
        number = phonenumbers.parse(text, region)
    except NumberParseException as error:
        kind = {
            NumberParseException.NOT_A_NUMBER: "not_a_number",
            NumberParseException.TOO_SHORT_AFTER_IDD: "too_short_after_idd",
            NumberParseException.TOO_SHORT_NSN: "too_short_nsn",
            NumberParseException.TOO_LONG: "too_long",
            NumberParseException.INVALID_COUNTRY_CODE: "invalid_country_code",
        }[error.error_type]
        return (None, None, None, False, False, None, kind, True)
    valid = phonenumbers.is_valid_number(number)
    e164 = phonenumbers.format_number(number, PhoneNumberFormat.E164)
    try:
        again = phonenumbers.format_number(phonenumbers.parse(e164, None), PhoneNumberFormat.E164)
    except NumberParseException:
        again = None
    return (
        e164, phonenumbers.region_code_for_number(number),
        TYPES[phonenumbers.number_type(number)] if valid else "unknown", valid,
        phonenumbers.is_possible_number(number), number.extension or None,
        None if valid else "invalid_number", again == e164,
    )


ORACLE_SCHEMA = T.StructType(
    [T.StructField("oracle_" + f.name, f.dataType) for f in RESULT_SCHEMA.fields]
    + [T.StructField("oracle_reads_back", T.BooleanType())])


# ------------------------------------------------------------------------------------------------
# Rows


def generate_rows(count: int):
    """(id, phone, country) rows: every region's example numbers in E.164, international and
    national forms, neighbours (mostly invalid), extensions, Unicode digits, junk, tabs and line
    breaks inside values, empty and missing cells."""
    rng = random.Random(SEED)
    seeds = []
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        for kind in (PhoneNumberType.FIXED_LINE, PhoneNumberType.MOBILE, PhoneNumberType.TOLL_FREE):
            example = phonenumbers.example_number_for_type(region, kind)
            if example is not None:
                seeds.append((region, example))
    junk = ["", "abc", "+", "12", "+999 123 4567", "n/a", "call me", "0", "++44", "+1 (201) ???"]
    rows = []
    for i in range(count):
        region, number = seeds[rng.randrange(len(seeds))]
        form = rng.randrange(12)
        country = region
        if form == 0:
            phone = phonenumbers.format_number(number, PhoneNumberFormat.E164)
        elif form == 1:
            phone = phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)
        elif form in (2, 3):
            phone = phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)
        elif form == 4:  # a neighbour: last digits changed
            digits = phonenumbers.format_number(number, PhoneNumberFormat.E164)
            phone = digits[:-2] + f"{rng.randrange(100):02d}"
        elif form == 5:
            phone = phonenumbers.format_number(number, PhoneNumberFormat.E164)[:-1]
        elif form == 6:
            phone = phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL) + f" ext. {rng.randrange(1, 999)}"
        elif form == 7:  # Arabic-Indic digits
            text = phonenumbers.format_number(number, PhoneNumberFormat.E164)
            phone = "".join(chr(0x0660 + int(c)) if c.isdigit() else c for c in text)
        elif form == 8:
            phone = rng.choice(junk)
        elif form == 9:  # a tab or line break inside the value
            text = phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)
            cut = rng.randrange(len(text) + 1)
            phone = text[:cut] + rng.choice(["\t", "\n", "\r\n"]) + text[cut:]
        elif form == 10:  # no region cell: --region applies
            phone = phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)
            country = rng.choice(["", None, " "])
        else:
            phone = None if rng.randrange(2) else "Tel: " + phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)
        rows.append((i, phone, country))
    return rows


# ------------------------------------------------------------------------------------------------


SCALA_CHECK = """
val rows = spark.read.parquet("{scratch}/rows")
val out = Normalize(spark, rows, "phone", "country", "{region}").cache()
val fields = Seq("e164", "region", "type", "valid", "possible", "extension", "error")
val python = spark.read.parquet("{scratch}/python").select(col("id") +: fields.map(f => col(f).as("py_" + f)): _*)
val pairs = out.join(python, "id")
val agree = fields.map(f => col(f) <=> col("py_" + f)).reduce(_ && _)
println(s"SCALA-CHECK rows=${{out.count()}} joined=${{pairs.count()}} differing=${{pairs.where(!agree).count()}}")
System.exit(0)
"""


def check_scala(args, scratch: str, rows_in: int) -> None:
    """The Scala recipe (scripts/spark/normalize-recipe.scala) in spark-shell on the same rows:
    every row, the same answers as the PySpark recipe."""
    shell = os.path.join(os.path.dirname(pyspark.__file__), "bin", "spark-shell")
    if not os.access(shell, os.X_OK):
        fail(f"no spark-shell at {shell}")
    recipe = os.path.join(os.path.dirname(os.path.abspath(__file__)), "spark", "normalize-recipe.scala")
    script = os.path.join(scratch, "check.scala")
    with open(recipe, encoding="utf-8") as source, open(script, "w", encoding="utf-8") as out:
        out.write(source.read() + SCALA_CHECK.format(scratch=scratch, region=args.region))
    start = time.time()
    run = subprocess.run(
        [shell, "--master", "local[2]", "--conf", "spark.ui.enabled=false",
         "--conf", "spark.ui.showConsoleProgress=false", "--files", os.path.abspath(args.binary),
         "-i", script],
        stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=900)
    found = re.search(r"SCALA-CHECK rows=(\d+) joined=(\d+) differing=(\d+)", run.stdout)
    if not found:
        print(run.stdout[-3000:] + run.stderr[-3000:], file=sys.stderr)
        fail("the Scala recipe did not finish")
    rows, joined, differing = (int(g) for g in found.groups())
    print(f"spark-check: Scala recipe (spark-shell): {rows} rows out, {differing} answers differ from "
          f"the PySpark recipe ({time.time() - start:.0f} s)")
    if rows != rows_in or joined != rows_in or differing:
        fail(f"Scala recipe: rows in {rows_in}, out {rows}, joined {joined}, differing {differing}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", required=True, help="the normalize executable")
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--partitions", type=int, default=8)
    parser.add_argument("--region", default="US", help="--region for rows without a region cell")
    args = parser.parse_args()

    if phonenumbers.__version__ != ORACLE_VERSION:
        fail(f"phonenumbers {phonenumbers.__version__} is installed; the check needs {ORACLE_VERSION}")
    if not (os.path.isfile(args.binary) and os.access(args.binary, os.X_OK)):
        fail(f"no executable normalize at {args.binary}")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        fail("no Java (apt-get install openjdk-17-jre-headless)")
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)

    started = time.time()
    spark = (SparkSession.builder.master("local[2]").appName("dialtone-spark-check")
             .config("spark.files", os.path.abspath(args.binary))
             .config("spark.ui.enabled", "false")
             .config("spark.ui.showConsoleProgress", "false")
             .config("spark.sql.shuffle.partitions", "4")
             .getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    print(f"spark-check: pyspark {pyspark.__version__}, Spark up in {time.time() - started:.1f} s")

    schema = T.StructType([
        T.StructField("id", T.LongType(), False), T.StructField("phone", T.StringType()),
        T.StructField("country", T.StringType()),
    ])
    rows = generate_rows(args.rows)
    df = spark.createDataFrame(rows, schema).repartition(args.partitions).cache()
    rows_in = df.count()

    # normalize through RDD.pipe, timed to the end of a full write (noop sink).
    start = time.time()
    piped = normalize_dataframe(spark, df, "phone", "country", args.region).cache()
    rows_out = piped.count()
    piped_seconds = time.time() - start
    if rows_out != rows_in:
        fail(f"rows in {rows_in}, rows out {rows_out}")

    # The pipe alone: TSV lines through normalize, JSON Lines counted.
    start = time.time()
    lines = df.rdd.map(lambda r: tsv_field(r["phone"]) + "\t" + tsv_field(r["country"]))
    if lines.pipe(normalize_command(spark, args.region), checkCode=True).count() != rows_in:
        fail("the pipe alone gave another number of rows")
    pipe_seconds = time.time() - start

    # The same columns from a Python UDF over phonenumbers.
    region = args.region
    oracle_udf = F.udf(lambda p, c: oracle(p, c, region), ORACLE_SCHEMA)
    start = time.time()
    udf_df = df.withColumn("o", oracle_udf("phone", "country")).select("id", "o.*").cache()
    udf_df.write.format("noop").mode("overwrite").save()
    udf_seconds = time.time() - start

    # Compare row by row.
    joined = piped.join(udf_df, "id")
    if joined.count() != rows_in:
        fail("the results do not join back to every row")
    fields = ["e164", "region", "type", "valid", "extension", "error"]
    same = F.lit(True)
    for name in fields:
        same = same & F.col(name).eqNullSafe(F.col("oracle_" + name))
    # Where the oracle's E.164 reads back as another number, Dialtone answers one that reads back
    # as itself (docs/CONFORMANCE.md): such rows differ in E.164 only, and count as deliberate.
    deliberate = ~same & ~F.col("oracle_reads_back") & F.col("e164").isNotNull() & F.col("oracle_e164").isNotNull()
    # Without '+' and without a region libphonenumber says INVALID_COUNTRY_CODE; normalize says
    # missing_region or unknown_region (docs/NORMALIZE.md, reasons).
    same = same | F.coalesce(
        F.col("oracle_error").eqNullSafe("invalid_country_code")
        & F.col("error").isin("invalid_country_code", "missing_region", "unknown_region"), F.lit(False))
    # Every predicate here is true or false, never null (a null would drop a row from both counts).
    deliberate = F.coalesce(deliberate, F.lit(False))
    differing = joined.where(~same & ~deliberate)
    count_differing = differing.count()
    count_deliberate = joined.where(~same & deliberate).count()
    valid = piped.where(F.col("valid")).count()
    print(f"spark-check: {rows_in} rows in, {rows_out} out, {valid} valid; "
          f"{rows_in - count_differing - count_deliberate} answers as phonenumbers, "
          f"{count_deliberate} deliberate (E.164 reads back), {count_differing} differing")
    if count_differing:
        for row in differing.orderBy("id").limit(10).collect():
            print(f"  {row.asDict()}", file=sys.stderr)
        fail(f"{count_differing} rows differ from phonenumbers")

    # Another partitioning gives the same answers.
    again = normalize_dataframe(spark, df.repartition(3), "phone", "country", args.region)
    pairs = again.select("id", *[F.col(n).alias("again_" + n) for n in fields]).join(piped, "id")
    agree = F.lit(True)
    for name in fields:
        agree = agree & F.col(name).eqNullSafe(F.col("again_" + name))
    changed = pairs.where(~agree).count()
    if changed:
        fail(f"{changed} rows answer otherwise with another partitioning")

    scratch = tempfile.mkdtemp(prefix="dialtone-spark-")
    try:
        df.write.parquet(os.path.join(scratch, "rows"))
        piped.select("id", *fields, "possible").write.parquet(os.path.join(scratch, "python"))
        spark.stop()
        check_scala(args, scratch, rows_in)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    ratio = udf_seconds / piped_seconds if piped_seconds > 0 else float("inf")
    print(f"spark-check: result columns through RDD.pipe {piped_seconds:.2f} s (the pipe alone "
          f"{pipe_seconds:.2f} s), Python UDF over phonenumbers {udf_seconds:.2f} s ({rows_in} rows, "
          f"local[2]): {ratio:.1f}x as fast ({udf_seconds / pipe_seconds:.1f}x for the pipe alone)")
    print(f"spark-check: ok ({time.time() - started:.0f} s in all)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
