package io.sparkdrift.settings;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sparkdrift.run.InputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads a YAML config file: a map whose keys are the long flag names ({@code reference-filter:},
 * {@code max-categories:} …). Relative paths inside it are used as given (relative to the working
 * directory), exactly like the same flags.
 */
public final class ConfigFile {
    private ConfigFile() {
    }

    public static Settings read(String file) {
        Path p = Path.of(file);
        if (!Files.isRegularFile(p)) {
            throw new InputException("config file " + file + " does not exist; check --config");
        }
        Object parsed;
        try {
            parsed = new ObjectMapper(new YAMLFactory()).readValue(p.toFile(), Object.class);
        } catch (IOException e) {
            String msg = e.getMessage() == null ? e.toString() : e.getMessage().split("\n")[0];
            throw new InputException("malformed config " + file + ": " + msg + "; fix the YAML syntax", e);
        }
        Settings s = new Settings();
        if (parsed == null) {
            return s;
        }
        if (!(parsed instanceof Map<?, ?> m)) {
            throw new InputException("malformed config " + file + ": expected a map of settings at the top level");
        }
        for (Map.Entry<?, ?> e : m.entrySet()) {
            String key = String.valueOf(e.getKey());
            try {
                s.put(key, e.getValue());
            } catch (InputException ex) {
                throw new InputException("malformed config " + file + ": " + ex.getMessage());
            }
        }
        return s;
    }
}
