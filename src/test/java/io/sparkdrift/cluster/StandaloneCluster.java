package io.sparkdrift.cluster;

import io.sparkdrift.testing.SharedFiles;
import io.sparkdrift.testing.ShortJobJvm;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Spark standalone cluster on 127.0.0.1: one Master and two Workers (1 core, 1 GiB each), each
 * a separate JVM started from the Maven jars (target/spark-home/jars links every jar of the build's
 * classpath). Stopped by process id — workers first, which takes their executors down — on close,
 * and by a shutdown hook if a test dies first. The Master, the Workers and spark-submit's driver
 * start with {@link ShortJobJvm#OPTIONS}; the executors the Workers launch keep the default JIT.
 * See ../shared/guides/spark-on-this-machine.md.
 */
public final class StandaloneCluster implements AutoCloseable {
    public static final int WORKERS = 2;
    private final Path root = SharedFiles.project(".");
    private final Path sparkHome = root.resolve("target/spark-home");
    private final Path logs = root.resolve("target/cluster-logs");
    private final List<Process> workers = new ArrayList<>();
    private final Process master;
    private final int port;
    private final int uiPort;
    private final Thread hook = new Thread(this::stopAll);

    public StandaloneCluster() throws Exception {
        SparkHome.build(root, sparkHome);
        Files.createDirectories(logs);
        port = freePort();
        uiPort = freePort();
        Runtime.getRuntime().addShutdownHook(hook);
        master = start("master", List.of("org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port",
                Integer.toString(port), "--webui-port", Integer.toString(uiPort)));
        waitForLog("master", "I have been elected leader", 60);
        for (int i = 0; i < WORKERS; i++) {
            Path work = root.resolve("target/cluster-work/worker-" + i);
            Files.createDirectories(work);
            workers.add(start("worker-" + i, List.of("org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
                    "--cores", "1", "--memory", "1g", "--webui-port", Integer.toString(freePort()), "--work-dir",
                    work.toString(), masterUrl())));
        }
        for (int i = 0; i < WORKERS; i++) {
            waitForLog("worker-" + i, "Successfully registered with master", 60);
        }
    }

    public String masterUrl() {
        return "spark://127.0.0.1:" + port;
    }

    /** The environment every Spark JVM of this cluster (and its driver) needs. */
    public Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("SPARK_HOME", sparkHome.toString());
        env.put("SPARK_SCALA_VERSION", "2.13");
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        return env;
    }

    /**
     * spark-submit (client deploy mode) of the job jar with these job arguments, in its own JVM;
     * returns the process, its output going to target/cluster-logs/NAME.log.
     */
    public Process submit(String name, List<String> jobArgs) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("org.apache.spark.deploy.SparkSubmit", "--master", masterUrl(),
                "--deploy-mode", "client", "--conf", "spark.executor.memory=768m", "--conf", "spark.cores.max=" + WORKERS,
                "--conf", "spark.ui.enabled=false", "--conf", "spark.driver.host=127.0.0.1",
                "--class", "io.sparkdrift.cli.Main", root.resolve("target/spark-drift.jar").toString()));
        cmd.addAll(jobArgs);
        return start(name, cmd);
    }

    public Path log(String name) {
        return logs.resolve(name + ".log");
    }

    /** Executor JVMs started by this cluster's workers. */
    public List<ProcessHandle> executors() {
        List<ProcessHandle> out = new ArrayList<>();
        for (Process w : workers) {
            w.toHandle().descendants().filter(p -> p.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend"))
                    .forEach(out::add);
        }
        return out;
    }

    private Process start(String name, List<String> mainAndArgs) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of(Files.readString(root.resolve("target/jvm-flags.txt")).trim().split("\\s+")));
        cmd.addAll(List.of(ShortJobJvm.OPTIONS.split(" ")));
        cmd.addAll(List.of("-Xmx1g", "-Dspark.master.rest.enabled=false", "-Dlog4j2.configurationFile=" + root.resolve("src/test/resources/cluster-log4j2.properties"),
                "-cp", sparkHome.resolve("jars") + "/*"));
        cmd.addAll(mainAndArgs);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(log(name).toFile());
        pb.environment().putAll(env());
        return pb.start();
    }

    private void waitForLog(String name, String text, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (Files.exists(log(name)) && Files.readString(log(name)).contains(text)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(name + " did not log '" + text + "' within " + seconds + " s; see " + log(name));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 0, java.net.InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    private void stopAll() {
        for (Process w : workers) {
            w.descendants().forEach(ProcessHandle::destroyForcibly);
            w.destroyForcibly();
        }
        if (master != null) {
            master.destroyForcibly();
        }
        for (Process w : workers) {
            try {
                w.waitFor(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        stopAll();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException ignored) {
            // shutting down already
        }
    }
}
