package io.sparkdrift.store;

import io.sparkdrift.run.InputException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.analysis.UnresolvedFunction;
import org.apache.spark.sql.catalyst.analysis.UnresolvedRelation;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.SubqueryExpression;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.UnresolvedWith;
import org.apache.spark.sql.execution.datasources.HadoopFsRelation;
import org.apache.spark.sql.execution.datasources.LogicalRelation;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Query mode's guard: one read-only query over one view, whatever the SQL says. The SQL may come
 * from a dashboard or a scheduler parameter, so it must not be able to write, delete, read other
 * files or call code.
 *
 * <p>Three layers, each enough on its own for the attacks known (tested one by one):
 * <ol>
 *   <li>Before anything runs, Spark's own parser reads the statement, and every node of the parsed
 *       plan — WITH definitions and subqueries in expressions included — must be a query operator
 *       from a fixed list ({@link #QUERY_NODES}): any command (INSERT, INSERT OVERWRITE DIRECTORY,
 *       CREATE … AS SELECT, CACHE, SET, ADD JAR, DROP …) or table-valued function is refused. The
 *       only tables it may name are the view and its own WITH names; the only functions, built-ins
 *       other than those that call Java code by name ({@link #CODE_FUNCTIONS}).</li>
 *   <li>It runs in a session of its own with {@code spark.sql.runSQLOnFiles} off (no
 *       {@code parquet.`/path`} or {@code text.`/etc/passwd`} sources) and without
 *       {@link #CODE_FUNCTIONS} in its function registry.</li>
 *   <li>After analysis, the plan may read no files but the view's ({@link #checkAnalyzed}).</li>
 * </ol>
 */
public final class ReadOnlySql {
    /** Parsed-plan nodes a read-only query is made of (simple class names, Spark 4.1). */
    static final Set<String> QUERY_NODES = Set.of("Project", "Filter", "Aggregate", "Sort", "GlobalLimit", "LocalLimit",
            "Offset", "Distinct", "Deduplicate", "Union", "Intersect", "Except", "Join", "SubqueryAlias", "UnresolvedRelation",
            "UnresolvedWith", "CTERelationRef", "WithCTE", "CTERelationDef", "UnresolvedSubqueryColumnAliases", "OneRowRelation",
            "Window", "WithWindowDefinition", "UnresolvedHaving", "Pivot", "Unpivot", "Generate", "LateralJoin",
            "UnresolvedInlineTable", "LocalRelation", "RepartitionByExpression", "Repartition", "Tail", "Sample");
    /** Functions that run arbitrary Java code: refused, and dropped from the query session. */
    static final List<String> CODE_FUNCTIONS = List.of("reflect", "java_method", "try_reflect");
    /** Leaves an analysed read-only query may have: the view's files, literal rows, CTE references. */
    static final Set<String> LEAVES = Set.of("LogicalRelation", "LogicalRDD", "OneRowRelation", "LocalRelation",
            "CTERelationRef", "Range");

    private ReadOnlySql() {
    }

    /** A session for queries: its own SQL settings and function registry, files not readable by path. */
    public static SparkSession session(SparkSession spark) {
        SparkSession s = spark.newSession();
        s.conf().set("spark.sql.runSQLOnFiles", "false");
        for (String f : CODE_FUNCTIONS) {
            s.sessionState().functionRegistry().dropFunction(FunctionIdentifier.apply(f));
        }
        return s;
    }

    /**
     * The first layer: checks that {@code sql} is one query over {@code view} only.
     *
     * @throws InputException naming what is not allowed, before anything runs
     */
    public static void check(SparkSession session, String sql, String view) {
        LogicalPlan plan;
        try {
            plan = session.sessionState().sqlParser().parsePlan(sql);
        } catch (Exception e) { // ParseException, thrown from Scala
            throw new InputException("invalid --sql: " + firstLine(e.getMessage()));
        }
        Set<String> withNames = new HashSet<>();
        Deque<LogicalPlan> todo = new ArrayDeque<>();
        todo.push(plan);
        while (!todo.isEmpty()) {
            LogicalPlan p = todo.pop();
            String node = p.getClass().getSimpleName();
            if (!QUERY_NODES.contains(node)) {
                throw new InputException("--sql must be one read-only query over " + view + " (SELECT … FROM " + view
                        + "); " + describe(node) + " is not allowed");
            }
            if (p instanceof UnresolvedWith w) {
                for (var definition : CollectionConverters.asJava(w.cteRelations())) {
                    withNames.add(definition._1().toLowerCase(Locale.ROOT));
                }
            }
            if (p instanceof UnresolvedRelation r) {
                List<String> name = CollectionConverters.asJava(r.multipartIdentifier());
                String one = name.size() == 1 ? name.get(0).toLowerCase(Locale.ROOT) : null;
                if (one == null || !(one.equals(view) || withNames.contains(one))) {
                    throw new InputException("--sql may read the view " + view + " only, not " + String.join(".", name));
                }
            }
            CollectionConverters.asJava(p.children()).forEach(todo::push);
            for (Object inner : CollectionConverters.asJava(p.innerChildren())) { // the WITH definitions
                if (inner instanceof LogicalPlan l) {
                    todo.push(l);
                }
            }
            for (Expression e : CollectionConverters.asJava(p.expressions())) {
                subqueries(e, todo);
                functions(session, e);
            }
        }
    }

    /**
     * The third layer: after analysis, every leaf of the plan (subqueries included) must be one of
     * {@link #LEAVES}, and every file it reads must be one the view reads.
     *
     * @param view the analysed plan of the view itself
     */
    public static void checkAnalyzed(LogicalPlan analyzed, LogicalPlan view) {
        Set<String> allowed = new HashSet<>();
        leaves(view, l -> allowed.addAll(roots(l)));
        leaves(analyzed, l -> {
            if (!LEAVES.contains(l.getClass().getSimpleName()) || !allowed.containsAll(roots(l))) {
                throw new InputException("--sql reads " + l.getClass().getSimpleName() + " " + roots(l)
                        + "; only the results view may be read");
            }
        });
    }

    private static void leaves(LogicalPlan plan, Consumer<LogicalPlan> action) {
        Deque<LogicalPlan> todo = new ArrayDeque<>();
        todo.push(plan);
        while (!todo.isEmpty()) {
            LogicalPlan p = todo.pop();
            List<LogicalPlan> children = CollectionConverters.asJava(p.children());
            if (children.isEmpty()) {
                action.accept(p);
            }
            children.forEach(todo::push);
            for (Expression e : CollectionConverters.asJava(p.expressions())) {
                subqueries(e, todo);
            }
        }
    }

    /** The root paths of a file relation; none for other leaves. */
    private static List<String> roots(LogicalPlan leaf) {
        if (leaf instanceof LogicalRelation r && r.relation() instanceof HadoopFsRelation h) {
            return CollectionConverters.asJava(h.location().rootPaths()).stream().map(Object::toString).toList();
        }
        return List.of();
    }

    /** Queues the plans of subquery expressions (scalar, EXISTS, IN) anywhere in {@code e}. */
    private static void subqueries(Expression e, Deque<LogicalPlan> todo) {
        if (e instanceof SubqueryExpression s) {
            todo.push(s.plan());
        }
        for (Expression child : CollectionConverters.asJava(e.children())) {
            subqueries(child, todo);
        }
    }

    /**
     * Every function called must be a built-in of the query session: the code-calling ones are
     * refused, and an unknown name would send the analyser to the catalog (which creates a
     * warehouse directory) to look for a stored function.
     */
    private static void functions(SparkSession session, Expression e) {
        if (e instanceof UnresolvedFunction f) {
            List<String> name = CollectionConverters.asJava(f.nameParts());
            String shown = String.join(".", name);
            if (CODE_FUNCTIONS.contains(shown.toLowerCase(Locale.ROOT))) {
                throw new InputException("--sql may not call " + shown + ": it runs Java code");
            }
            if (name.size() != 1 || !session.sessionState().functionRegistry().functionExists(FunctionIdentifier.apply(name.get(0)))) {
                throw new InputException("--sql calls " + shown + ", which is not a built-in Spark SQL function");
            }
        }
        for (Expression child : CollectionConverters.asJava(e.children())) {
            functions(session, child);
        }
    }

    private static String describe(String node) {
        return switch (node) {
            case "InsertIntoStatement", "InsertIntoDir" -> "writing (INSERT)";
            case "CreateTableAsSelect", "CreateTable", "CreateView", "CreateTempViewUsing", "CacheTableAsSelect" ->
                    "creating tables or views";
            case "UnresolvedTableValuedFunction", "UnresolvedTVFAliases" -> "a table-valued function";
            default -> "the statement " + node;
        };
    }

    private static String firstLine(String m) {
        return m == null ? "" : m.strip().lines().findFirst().orElse("");
    }
}
