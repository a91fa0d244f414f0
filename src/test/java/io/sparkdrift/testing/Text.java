package io.sparkdrift.testing;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Small text helpers for tests. */
public final class Text {
    private Text() {
    }

    /** How often {@code needle} occurs in {@code s}. */
    public static int count(String s, String needle) {
        Matcher m = Pattern.compile(Pattern.quote(needle)).matcher(s);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    /** Text as the report escapes it (&amp;, &lt;, &gt;, &quot;, &#39;). */
    public static String html(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }
}
