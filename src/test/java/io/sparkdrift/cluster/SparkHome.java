package io.sparkdrift.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A "Spark home" from Maven jars: {@code jars/} holds a link to every jar of the build's runtime
 * classpath (target/classpath.txt: Spark, Hadoop and the job's own dependencies), which is what a
 * standalone Worker puts on its executors' classpath.
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
    }
}
