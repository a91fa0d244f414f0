package io.sparkdrift.settings;

import io.sparkdrift.run.InputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Raw settings by key, before validation: what a YAML config file and the command line both
 * produce. Keys are the long flag names without dashes ({@code reference-filter}). Lists and maps
 * are merged key by key; anything else set later wins, so flags override the config file.
 */
public final class Settings {
    /** Every key a config file or the command line may set (the long option names but --config). */
    public static final List<String> KEYS = Mode.OPTIONS.stream().map(Mode.Option::key).filter(k -> !k.equals("config")).toList();

    private final Map<String, Object> values = new LinkedHashMap<>();

    public Object get(String key) {
        return values.get(key);
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    /** Sets a value; lists append, maps merge (nested maps merge too). */
    @SuppressWarnings("unchecked")
    public void put(String key, Object value) {
        if (!KEYS.contains(key)) {
            throw new InputException("unknown setting '" + key + "'; known settings: " + String.join(", ", KEYS));
        }
        Object old = values.get(key);
        if (old instanceof List<?> l && value instanceof List<?> v) {
            List<Object> merged = new ArrayList<>(l);
            merged.addAll(v);
            values.put(key, merged);
        } else if (old instanceof Map<?, ?> m && value instanceof Map<?, ?> v) {
            values.put(key, mergeMaps((Map<String, Object>) m, (Map<String, Object>) v));
        } else {
            values.put(key, value);
        }
    }

    /** The keys set, in the order they were first set. */
    public java.util.Set<String> keys() {
        return java.util.Collections.unmodifiableSet(values.keySet());
    }

    /** A copy holding every value but those of {@code keys}. */
    public Settings without(String... keys) {
        Settings s = new Settings();
        values.forEach((k, v) -> {
            if (!List.of(keys).contains(k)) {
                s.values.put(k, v);
            }
        });
        return s;
    }

    /** Applies every value of {@code later} over this one. */
    public Settings overlay(Settings later) {
        later.values.forEach(this::put);
        return this;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> mergeMaps(Map<String, Object> a, Map<String, Object> b) {
        Map<String, Object> out = new LinkedHashMap<>(a);
        b.forEach((k, v) -> {
            Object old = out.get(k);
            out.put(k, old instanceof Map<?, ?> om && v instanceof Map<?, ?> vm
                    ? mergeMaps((Map<String, Object>) om, (Map<String, Object>) vm) : v);
        });
        return out;
    }
}
