package io.sparkdrift.cli;

import io.sparkdrift.run.InputException;
import io.sparkdrift.settings.Mode;
import io.sparkdrift.settings.Settings;
import io.sparkdrift.settings.Values;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the command line into {@link Settings} plus the mode and the config file path, checking
 * every option against the mode's own (see {@link Mode}).
 *
 * <p>Forms: {@code --key value} and {@code --key=value}; flags ({@code --fail-on-drift},
 * {@code --exact}) take no value; list options ({@code --features}, {@code --categorical},
 * {@code --exclude}, {@code --profiles}) take comma-separated names and may repeat;
 * {@code --edges FEATURE=e0,e1,...} and {@code --threshold SCOPE:METRIC=VALUE} (SCOPE: numeric,
 * categorical or a feature name) repeat.
 */
public final class CommandLine {
    /** Parsed command line. */
    public record Parsed(Mode mode, Settings settings, String configFile, boolean help) {
    }

    private CommandLine() {
    }

    public static Parsed parse(String[] args) {
        Settings s = new Settings();
        String config = null;
        boolean help = false;
        Mode mode = Mode.RUN;
        int start = 0;
        if (args.length > 0 && !args[0].startsWith("-")) {
            mode = Mode.of(args[0]);
            start = 1;
        }
        for (int i = start; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                help = true;
                continue;
            }
            if (!arg.startsWith("--")) {
                throw new InputException("unexpected argument '" + arg + "'; options start with -- (see --help)");
            }
            String name = arg.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            Mode.Option option = mode.checkFlag(name);
            if (option.kind() == Mode.Kind.FLAG) {
                s.put(option.key(), value == null ? Boolean.TRUE : Values.bool(option.key(), value));
                continue;
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new InputException(option.flag() + " needs a value (see " + mode.word() + " --help)");
                }
                value = args[++i];
            }
            switch (option.kind()) {
                case EDGES -> s.put("edges", edges(value));
                case THRESHOLD -> s.put("thresholds", threshold(value));
                case LIST -> s.put(option.key(), Values.splitList(value));
                default -> {
                    if (option.key().equals("config")) {
                        config = value;
                    } else {
                        s.put(option.key(), value);
                    }
                }
            }
        }
        return new Parsed(mode, s, config, help);
    }

    private static Map<String, Object> edges(String value) {
        int eq = value.indexOf('=');
        if (eq <= 0) {
            throw new InputException("invalid --edges '" + value + "'; expected FEATURE=e0,e1,... e.g. --edges age=18,30,50");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(value.substring(0, eq), new ArrayList<Object>(Arrays.asList(value.substring(eq + 1).split(","))));
        return m;
    }

    private static Map<String, Object> threshold(String value) {
        int colon = value.indexOf(':');
        int eq = value.lastIndexOf('=');
        if (colon <= 0 || eq < colon + 2) {
            throw new InputException("invalid --threshold '" + value
                    + "'; expected SCOPE:METRIC=VALUE, e.g. numeric:psi=0.2 or income:wasserstein_normed=0.05");
        }
        String scope = value.substring(0, colon);
        Map<String, Object> metric = new LinkedHashMap<>();
        metric.put(value.substring(colon + 1, eq), value.substring(eq + 1));
        Map<String, Object> out = new LinkedHashMap<>();
        if (scope.equals("numeric") || scope.equals("categorical")) {
            out.put(scope, metric);
        } else {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put(scope, metric);
            out.put("features", f);
        }
        return out;
    }

    /** The generated help of one mode. */
    public static String usage(Mode mode) {
        return mode.help();
    }
}
