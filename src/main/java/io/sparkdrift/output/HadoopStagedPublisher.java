package io.sparkdrift.output;

import java.io.IOException;
import java.io.OutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** What the publishers on Hadoop file systems share: a staging directory the run writes into first. */
abstract class HadoopStagedPublisher extends OutputPublisher {
    final FileSystem fs;
    final Path staging;

    HadoopStagedPublisher(FileSystem fs, Path staging) {
        this.fs = fs;
        this.staging = staging;
    }

    @Override
    public String stagingPath(String name) {
        return new Path(staging, name).toString();
    }

    @Override
    public void writeFile(String name, byte[] content) throws IOException {
        try (OutputStream os = fs.create(new Path(staging, name), true)) {
            os.write(content);
        }
    }

    /** Throws when one of {@code names} was not staged. */
    void requireStaged(Iterable<String> names, Object out) throws IOException {
        for (String name : names) {
            if (!fs.exists(new Path(staging, name))) {
                throw new IOException("cannot publish " + name + " into " + out + ": it was not written");
            }
        }
    }
}
