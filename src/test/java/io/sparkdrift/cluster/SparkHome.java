package io.sparkdrift.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A "Spark home" from Maven jars: {@code jars/} holds a link to every jar of the build's runtime
 * classpath (target/classpath.txt: Spark, Hadoop and the job's own dependencies), which is what a
 * standalone Worker puts on its executors' classpath; {@code bin/spark-submit} starts
 * {@code org.apache.spark.deploy.SparkSubmit} from those jars with Spark's JDK 17 flags, like the
 * script of a Spark distribution does.
 */
final class SparkHome {
    private SparkHome() {
    }

    static void build(Path project, Path home) throws IOException {
        Path jars = home.resolve("jars");
        Files.createDirectories(jars);
        String cp = Files.readString(project.resolve("target/classpath.txt")).trim();
        for (String entry : cp.split(java.io.File.pathSeparator)) {
            Path jar = Path.of(entry);
            Path link = jars.resolve(jar.getFileName());
            if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                Files.createSymbolicLink(link, jar);
            }
        }
        Path bin = home.resolve("bin");
        Files.createDirectories(bin);
        Path submit = bin.resolve("spark-submit");
        Files.writeString(submit, String.join("\n",
                "#!/usr/bin/env bash",
                "# spark-submit for a Spark home made of Maven jars (tests only)",
                "exec \"" + Path.of(System.getProperty("java.home"), "bin", "java") + "\" $(cat \"" + project.resolve("target/jvm-flags.txt")
                        + "\") -Dlog4j2.configurationFile=\"" + project.resolve("src/test/resources/cluster-log4j2.properties")
                        + "\" -cp \"$SPARK_HOME/jars/*\" org.apache.spark.deploy.SparkSubmit \"$@\"", ""));
        submit.toFile().setExecutable(true);
    }
}
