// The Scala recipe of docs/SPARK.md, run by scripts/spark-check.py through spark-shell:
// normalize as an RDD.pipe filter, its result columns joined back to the rows by position.
import org.apache.spark.SparkFiles
import org.apache.spark.sql.{DataFrame, Row, SparkSession}
import org.apache.spark.sql.functions.{col, from_json}
import org.apache.spark.sql.types._

object Normalize extends Serializable {
  /** The result columns, as `normalize --output jsonl` names them. */
  val resultSchema: StructType = StructType(Seq(
    StructField("input", StringType), StructField("e164", StringType), StructField("region", StringType),
    StructField("type", StringType), StructField("valid", BooleanType), StructField("possible", BooleanType),
    StructField("extension", StringType), StructField("error", StringType)))

  /** A value as a TSV field: no quoting in TSV, so tabs and line breaks become spaces. */
  def tsvField(value: String): String =
    if (value == null) "" else value.replace('\t', ' ').replace('\r', ' ').replace('\n', ' ')

  /** `df` with normalize's result columns added (joined back by position). */
  def apply(spark: SparkSession, df: DataFrame, phone: String, country: String, region: String): DataFrame = {
    // Executors find --files in their working directory; in local mode they run in the driver.
    val binary = if (spark.sparkContext.isLocal) SparkFiles.get("normalize") else "./normalize"
    val command = Seq(binary, "--tsv", "--no-header", "--column", "1", "--region-column", "2",
      "--region", region, "--output", "jsonl", "--no-progress")
    val p = df.schema.fieldIndex(phone)
    val c = df.schema.fieldIndex(country)
    val rows = df.rdd.cache() // read twice by zip
    val lines = rows.map(r => tsvField(r.getString(p)) + "\t" + tsvField(r.getString(c)))
    val results = lines.pipe(command) // a non-zero exit fails the task
    val joined = rows.zip(results).map { case (row, json) => Row.fromSeq(row.toSeq :+ json) }
    val withJson = spark.createDataFrame(joined, df.schema.add("normalize_json", StringType))
    withJson
      .withColumn("normalize", from_json(col("normalize_json"), resultSchema))
      .select(df.columns.map(col) :+ col("normalize.*"): _*)
      .drop("input")
  }
}
