package io.sparkdrift.run;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** "Did you mean" for names a user typed: the candidates closest by edit distance. */
public final class Spelling {
    private Spelling() {
    }

    /**
     * The candidates at the smallest edit distance from {@code word}, if that distance is at most
     * max(2, a third of the word's length); in the candidates' order.
     */
    public static List<String> closest(String word, Collection<String> candidates) {
        int best = Integer.MAX_VALUE;
        List<String> out = new ArrayList<>();
        for (String c : candidates) {
            int d = distance(word, c);
            if (d > Math.max(2, word.length() / 3)) {
                continue;
            }
            if (d < best) {
                best = d;
                out.clear();
            }
            if (d == best) {
                out.add(c);
            }
        }
        return out;
    }

    /** Levenshtein distance: insertions, deletions and substitutions of one character each cost 1. */
    public static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j], cur[j - 1]) + 1);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
