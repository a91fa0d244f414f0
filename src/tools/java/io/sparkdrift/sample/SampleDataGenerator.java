package io.sparkdrift.sample;

import io.sparkdrift.testing.Draws;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Writes {@code sample-data/events}: a small Parquet table partitioned by {@code date}, seven
 * reference days (2026-11-01 … 2026-11-07) and one current day (2026-11-08), from a fixed seed.
 *
 * <p>Drift injected into the current day (and nowhere else):
 * <ul>
 *   <li>{@code income}: scaled by 1.35 (a skewed feature shifts and stretches);</li>
 *   <li>{@code session_minutes}: mean shifted by +0.6 standard deviations;</li>
 *   <li>{@code basket_value}: null rate rises from 2 % to 25 % (distribution unchanged);</li>
 *   <li>{@code device}: mobile share up, desktop down, a new category {@code smart_tv}.</li>
 * </ul>
 * Stable: {@code age}, {@code clicks}, {@code rating} (with nulls and NaN), {@code latency_ms}
 * (with +∞ for timeouts), {@code country}, {@code is_premium}.
 */
public final class SampleDataGenerator {
    public static final LocalDate FIRST_DAY = LocalDate.of(2026, 11, 1);
    public static final int REFERENCE_DAYS = 7;
    public static final int ROWS_PER_DAY = 1500;
    public static final long SEED = 20261108L;

    static final StructType SCHEMA = new StructType()
            .add("age", DataTypes.IntegerType)
            .add("income", DataTypes.DoubleType)
            .add("session_minutes", DataTypes.DoubleType)
            .add("clicks", DataTypes.LongType)
            .add("rating", DataTypes.DoubleType)
            .add("basket_value", DataTypes.DoubleType)
            .add("latency_ms", DataTypes.DoubleType)
            .add("country", DataTypes.StringType)
            .add("device", DataTypes.StringType)
            .add("is_premium", DataTypes.BooleanType)
            .add("date", DataTypes.DateType);

    private SampleDataGenerator() {
    }

    public static void main(String[] args) {
        String out = args.length > 0 ? args[0] : "sample-data/events";
        SparkSession spark = SparkSession.builder().appName("sample-data").master("local[2]")
                .config("spark.ui.enabled", "false").config("spark.sql.session.timeZone", "UTC").getOrCreate();
        write(spark, out);
        spark.stop();
    }

    public static void write(SparkSession spark, String out) {
        List<Row> rows = rows(new Random(SEED));
        spark.createDataFrame(rows, SCHEMA).repartition(org.apache.spark.sql.functions.col("date"))
                .write().mode(SaveMode.Overwrite).option("compression", "snappy").partitionBy("date").parquet(out);
    }

    static List<Row> rows(Random rnd) {
        List<Row> rows = new ArrayList<>();
        for (int d = 0; d <= REFERENCE_DAYS; d++) {
            boolean current = d == REFERENCE_DAYS;
            Date date = Date.valueOf(FIRST_DAY.plusDays(d));
            for (int i = 0; i < ROWS_PER_DAY; i++) {
                rows.add(row(rnd, current, date));
            }
        }
        return rows;
    }

    private static Row row(Random rnd, boolean current, Date date) {
        int age = (int) Math.round(Math.max(18, Math.min(90, 40 + 12 * rnd.nextGaussian())));
        double income = Math.exp(10.5 + 0.6 * rnd.nextGaussian()) * (current ? 1.35 : 1.0);
        double session = 12 + 4 * rnd.nextGaussian() + (current ? 0.6 * 4 : 0.0);
        long clicks = Draws.poisson(rnd, 3.0);
        Double rating = rnd.nextDouble() < 0.03 ? null
                : rnd.nextDouble() < 0.005 ? Double.NaN : Math.round((3.5 + 0.8 * rnd.nextGaussian()) * 10) / 10.0;
        Double basket = rnd.nextDouble() < (current ? 0.25 : 0.02) ? null : -50 * Math.log(1 - rnd.nextDouble());
        double latency = rnd.nextDouble() < 0.002 ? Double.POSITIVE_INFINITY : 20 + 80 * rnd.nextDouble() * rnd.nextDouble();
        String country = pick(rnd, new String[] {"US", "DE", "FR", "GB", "IN", "BR"}, new double[] {40, 15, 12, 12, 11, 10});
        String device = current
                ? pick(rnd, new String[] {"mobile", "desktop", "tablet", "smart_tv"}, new double[] {70, 20, 5, 5})
                : pick(rnd, new String[] {"mobile", "desktop", "tablet"}, new double[] {50, 40, 10});
        boolean premium = rnd.nextDouble() < 0.2;
        return RowFactory.create(age, income, session, clicks, rating, basket, latency, country, device, premium, date);
    }


    private static String pick(Random rnd, String[] values, double[] weights) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double u = rnd.nextDouble() * total;
        for (int i = 0; i < values.length; i++) {
            u -= weights[i];
            if (u < 0) {
                return values[i];
            }
        }
        return values[values.length - 1];
    }
}
