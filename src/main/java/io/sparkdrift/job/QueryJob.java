package io.sparkdrift.job;

import io.sparkdrift.output.QueryOutput;
import io.sparkdrift.run.InputException;
import io.sparkdrift.scan.InputReader;
import io.sparkdrift.scan.SparkSettings;
import io.sparkdrift.store.ReadOnlySql;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code query} mode: one read-only Spark SQL query over a results table, registered as the
 * view {@code drift_results} ({@link ReadOnlySql} refuses anything else), printed as a table, CSV or
 * JSON. At most {@code --limit} rows (default 1000) reach the driver.
 */
public final class QueryJob {
    public static final String VIEW = "drift_results";
    private final SparkSession spark;
    private final PrintStream console;

    public QueryJob(SparkSession spark, PrintStream console) {
        SparkSettings.check(spark.sparkContext().getConf());
        this.spark = spark;
        this.console = console;
    }

    public void run(QueryConfig q) {
        String table = q.resultsTable();
        String sql = q.sql();
        String format = q.format();
        int limit = q.limit();
        SparkSession session = ReadOnlySql.session(spark);
        ReadOnlySql.check(session, sql, VIEW); // before the table is even read: nothing runs that is not a query
        InputReader.readOwnTable(session, "results-table", table).frame().createOrReplaceTempView(VIEW);
        Dataset<Row> result;
        try {
            result = session.sql(sql);
            result.queryExecution().analyzed();
        } catch (Exception e) {
            throw new InputException("invalid --sql: " + InputReader.firstLine(e) + "; the results table is the view "
                    + VIEW + " with columns " + String.join(", ", session.table(VIEW).columns()), e);
        }
        ReadOnlySql.checkAnalyzed(result.queryExecution().analyzed(), session.table(VIEW).queryExecution().analyzed());
        List<String> columns = Arrays.asList(result.columns());
        List<List<Object>> rows = new ArrayList<>();
        for (Row r : result.limit(limit).collectAsList()) {
            List<Object> values = new ArrayList<>();
            for (int i = 0; i < r.size(); i++) {
                values.add(r.get(i));
            }
            rows.add(values);
        }
        console.print(QueryOutput.render(columns, rows, format));
    }
}
