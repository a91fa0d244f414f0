package io.sparkdrift.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates files shared with the project: ../shared (golden values) and the project root. */
public final class SharedFiles {
    private SharedFiles() {
    }

    public static Path shared(String relative) {
        String dir = System.getProperty("sparkdrift.shared", "../shared");
        Path p = Path.of(dir).resolve(relative).normalize();
        if (!Files.exists(p)) {
            throw new IllegalStateException("missing shared file " + p + " (expected ../shared beside the project)");
        }
        return p;
    }

    public static Path project(String relative) {
        return Path.of(System.getProperty("sparkdrift.basedir", ".")).resolve(relative).normalize();
    }
}
