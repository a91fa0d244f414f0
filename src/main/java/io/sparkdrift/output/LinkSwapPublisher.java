package io.sparkdrift.output;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Atomic publishing on a local file system. {@code --out} is a symbolic link to a complete version
 * directory in the hidden sibling {@code .NAME.versions/}; a run writes its version there and then
 * swaps the link with one {@code rename(2)}, which replaces a link atomically. A reader (or a
 * SIGKILL) therefore finds {@code --out} pointing at the whole previous outputs or the whole new ones,
 * never a mix. Only the current version is kept. Each version holds {@link SuccessMarker
 * _SUCCESS}, so readers can wait for the same marker on every file system.
 *
 * <p>A run holds a lock on {@code RUNID.lock} beside its version while it lives (the operating
 * system releases it when the process dies, however it dies). Every run starts by removing the
 * versions and temporary links whose lock is free and which {@code --out} does not point at: what
 * killed or failed runs left. Concurrent runs into the same {@code --out} keep each other's
 * versions; the last swap wins.
 *
 * <p>The first run into an existing plain directory moves it into the versions (one rename) and
 * links it back before publishing; a SIGKILL between those two steps leaves {@code --out} missing for
 * that moment, with the previous outputs whole in {@code .NAME.versions/}, and the next run links
 * them back (or publishes its own).
 */
final class LinkSwapPublisher extends OutputPublisher {
    private final Path out;
    private final Path versions;
    private final Path version;
    private final String runId;
    private final FileChannel lockChannel;
    private final FileLock lock;

    LinkSwapPublisher(Path out, String runId) throws IOException {
        this.out = out.toAbsolutePath().normalize();
        this.runId = runId;
        this.versions = this.out.resolveSibling("." + this.out.getFileName() + ".versions");
        this.version = versions.resolve(runId);
        Files.createDirectories(versions);
        lockChannel = FileChannel.open(versions.resolve(runId + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        lock = lockChannel.lock();
        cleanUp();
        Files.createDirectories(version);
    }

    @Override
    public String stagingPath(String name) {
        return version.resolve(name).toString();
    }

    @Override
    public void writeFile(String name, byte[] content) throws IOException {
        Files.write(version.resolve(name), content);
    }

    @Override
    public void publish(List<String> names) throws IOException {
        for (String name : names) {
            if (!Files.exists(version.resolve(name))) {
                throw new IOException("cannot publish " + name + " into " + out + ": it was not written");
            }
        }
        Files.write(version.resolve(SuccessMarker.NAME), SuccessMarker.content(runId, names));
        haltPoint("staged");
        if (Files.isDirectory(out, LinkOption.NOFOLLOW_LINKS)) { // a plain directory from before: becomes a version
            Path previous = versions.resolve("previous-" + runId);
            Files.move(out, previous, StandardCopyOption.ATOMIC_MOVE);
            haltPoint("moved-aside");
            swapTo(previous);
        }
        try {
            swapTo(version);
        } catch (IOException e) {
            Files.deleteIfExists(out.resolveSibling("." + out.getFileName() + ".link-" + runId));
            throw e; // --out still points at the previous version
        }
        haltPoint("swapped");
        release();
        cleanUp();
    }

    /** Points --out at {@code target} with one rename of a new link over the old one. */
    private void swapTo(Path target) throws IOException {
        Path link = out.resolveSibling("." + out.getFileName() + ".link-" + runId);
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, out.getParent().relativize(target));
        haltPoint("linked");
        Files.move(link, out, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public void abort() {
        try {
            deleteTree(version);
            release();
            Files.deleteIfExists(versions.resolve(runId + ".lock"));
        } catch (IOException | RuntimeException ignored) {
            // best effort: the next run removes what is left
        }
    }

    private void release() throws IOException {
        if (lock.isValid()) {
            lock.release();
        }
        lockChannel.close();
    }

    /**
     * Removes versions, locks and temporary links of runs that are over (their lock is free) unless
     * --out points at them; restores the link when a run died after moving a plain --out aside.
     */
    private void cleanUp() throws IOException {
        Path current = Files.isSymbolicLink(out) ? out.resolveSibling(Files.readSymbolicLink(out)).normalize() : null;
        if (!Files.exists(out, LinkOption.NOFOLLOW_LINKS) || (current != null && !Files.isDirectory(current))) {
            current = newestPrevious();
            if (current != null) { // a run died between moving --out aside and linking it back
                swapTo(current);
            }
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(versions)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                String owner = name.endsWith(".lock") ? name.substring(0, name.length() - 5) : name.replaceFirst("^previous-", "");
                if (p.equals(current) || owner.equals(runId) || held(owner)) {
                    continue;
                }
                deleteTree(p);
            }
        }
        try (Stream<Path> links = Files.list(out.getParent())) {
            String prefix = "." + out.getFileName() + ".link-";
            for (Path l : links.filter(l -> l.getFileName().toString().startsWith(prefix)).toList()) {
                String owner = l.getFileName().toString().substring(prefix.length());
                if (!owner.equals(runId) && !held(owner)) {
                    Files.deleteIfExists(l);
                }
            }
        }
    }

    /** The newest version moved aside from a plain --out, if any. */
    private Path newestPrevious() throws IOException {
        try (Stream<Path> s = Files.list(versions)) {
            return s.filter(p -> p.getFileName().toString().startsWith("previous-") && Files.isDirectory(p))
                    .max(Comparator.comparing(p -> p.getFileName().toString())).orElse(null);
        }
    }

    /** Whether the run {@code owner} still holds its lock (it is alive). */
    private boolean held(String owner) {
        Path lockFile = versions.resolve(owner + ".lock");
        if (!Files.exists(lockFile)) {
            return false;
        }
        try (FileChannel c = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock l = c.tryLock();
            if (l == null) {
                return true;
            }
            l.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true; // held by another run in this JVM
        } catch (IOException e) {
            return true; // cannot tell: keep it
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }
}
