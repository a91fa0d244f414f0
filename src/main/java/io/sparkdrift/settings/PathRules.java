package io.sparkdrift.settings;

import io.sparkdrift.run.InputException;
import java.net.URI;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.fs.Path;

/**
 * Where a run may write, checked before Spark starts: each output path must parse, a local
 * {@code --out} must be (or be creatable as) a directory, and no output may equal or contain another
 * output or an input, nor lie inside one. Publishing {@code --out} replaces what it holds, so a
 * results table inside it would lose its earlier dates, and outputs inside an input would be read
 * as data by the next run.
 *
 * <p>Paths are compared after qualification: a path without a scheme is a local file, made
 * absolute and normalised; globs compare by the directory before their first wildcard. Paths on
 * other file systems compare by scheme, authority and path. Different spellings of one HDFS
 * location (a name service and a host name) are not recognised as the same.
 */
public final class PathRules {
    private PathRules() {
    }

    /**
     * @param outputs option name → path (null entries ignored), e.g. out, results-table
     * @param inputs option name → path or glob (null entries ignored)
     */
    public static void check(Map<String, String> outputs, Map<String, String> inputs) {
        Map<String, URI> outs = new LinkedHashMap<>();
        outputs.forEach((option, path) -> {
            if (path != null) {
                outs.put(option, qualify(option, path));
            }
        });
        Map<String, URI> ins = new LinkedHashMap<>();
        inputs.forEach((option, path) -> {
            if (path != null) {
                ins.put(option, qualify(option, beforeWildcard(path)));
            }
        });
        URI out = outs.get("out");
        if (out != null && "file".equals(out.getScheme())) {
            usableLocalDirectory(out);
        }
        for (Map.Entry<String, URI> a : outs.entrySet()) {
            for (Map.Entry<String, URI> b : outs.entrySet()) {
                if (!a.getKey().equals(b.getKey()) && within(a.getValue(), b.getValue())) {
                    throw new InputException("--" + a.getKey() + " " + outputs.get(a.getKey()) + (a.getValue().equals(b.getValue())
                            ? " is the same as" : " lies inside") + " --" + b.getKey() + " " + outputs.get(b.getKey())
                            + "; publishing one would replace the other: give them separate directories");
                }
            }
            for (Map.Entry<String, URI> in : ins.entrySet()) {
                if (within(a.getValue(), in.getValue()) || within(in.getValue(), a.getValue())) {
                    throw new InputException("--" + a.getKey() + " " + outputs.get(a.getKey()) + " overlaps the input --"
                            + in.getKey() + " " + inputs.get(in.getKey())
                            + "; outputs there would be read as data (or replace it): write them elsewhere");
                }
            }
        }
    }

    /** Whether {@code inner} equals {@code outer} or lies below it. */
    static boolean within(URI inner, URI outer) {
        if (!java.util.Objects.equals(inner.getScheme(), outer.getScheme())
                || !java.util.Objects.equals(inner.getAuthority(), outer.getAuthority())) {
            return false;
        }
        String a = strip(inner.getPath());
        String b = strip(outer.getPath());
        return a.equals(b) || a.startsWith(b.endsWith("/") ? b : b + "/");
    }

    private static String strip(String p) {
        return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    /** The path as a URI with a scheme; local paths absolute and normalised. */
    static URI qualify(String option, String path) {
        Path p;
        try {
            p = new Path(path);
        } catch (IllegalArgumentException e) {
            String why = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
            throw new InputException("--" + option + " " + path + " is not a usable path (" + why + "); a relative name with a"
                    + " colon reads as a URI scheme: write ./" + path + " or an absolute path");
        }
        URI u = p.toUri();
        if (u.getScheme() == null || "file".equals(u.getScheme())) {
            java.nio.file.Path local = java.nio.file.Path.of(u.getPath()).toAbsolutePath().normalize();
            return local.toUri();
        }
        return u.normalize();
    }

    /** The directory part of a glob before its first wildcard (the whole path when there is none). */
    static String beforeWildcard(String path) {
        int w = -1;
        for (int i = 0; i < path.length(); i++) {
            if ("*?[{".indexOf(path.charAt(i)) >= 0) {
                w = i;
                break;
            }
        }
        if (w < 0) {
            return path;
        }
        int slash = path.lastIndexOf('/', w);
        return slash <= 0 ? (slash == 0 ? "/" : ".") : path.substring(0, slash);
    }

    /** A local --out must be a directory or not exist yet below a directory. */
    private static void usableLocalDirectory(URI out) {
        java.nio.file.Path p = java.nio.file.Path.of(out);
        if (Files.exists(p) && !Files.isDirectory(p)) {
            throw new InputException("--out " + p + " is a file, not a directory: give a directory (it is created if missing)");
        }
        java.nio.file.Path existing = p;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing) || !Files.isWritable(existing)) {
            throw new InputException("--out " + p + " cannot be created: " + existing
                    + (existing != null && !Files.isDirectory(existing) ? " is a file" : " is not writable"));
        }
    }
}
