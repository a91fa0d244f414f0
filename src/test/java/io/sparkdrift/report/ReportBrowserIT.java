package io.sparkdrift.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdrift.testing.SharedFiles;
import io.sparkdrift.testing.Text;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * report.html in a real browser: Debian's Chromium, headless, off the network
 * (jobs/chromium-headless.sh installs it when missing). The DOM after the page's script has run is
 * checked, and a screenshot is written to target/it-browser/.
 */
class ReportBrowserIT {
    static final String PAYLOAD_COLUMN = "<img src=x onerror=document.body.dataset.pwned=1>";
    static final String PAYLOAD_VALUE = "<script>document.body.dataset.pwned=2</script>";
    static final String PAYLOAD_IMG = "<img src=x onerror=document.body.dataset.pwned=3>";
    static Path root;
    static Path dir;

    @BeforeAll
    static void reports() throws Exception {
        root = SharedFiles.project(".");
        dir = root.resolve("target/it-browser");
        Files.createDirectories(dir);
        run(List.of("bash", "jobs/drift-report.sh", "--config", "conf/sample.yaml", "--out", dir.resolve("sample").toString()), 0);
        // and two columns whose plots have the widest labels: a constant (a bin of 100.00 %) and large numbers
        StringBuilder ref = new StringBuilder("amount," + PAYLOAD_COLUMN + ",constant,big\n");
        StringBuilder cur = new StringBuilder("amount," + PAYLOAD_COLUMN + ",constant,big\n");
        for (int i = 0; i < 200; i++) {
            ref.append(i % 13).append(',').append(i % 2 == 0 ? PAYLOAD_VALUE : "plain").append(",7,")
                    .append(1_000_001 + 3_517L * i).append('\n');
            cur.append(i % 11).append(',').append(i % 3 == 0 ? PAYLOAD_IMG : i % 3 == 1 ? PAYLOAD_VALUE : "plain").append(",7,")
                    .append(1_700_001 + 3_517L * i).append('\n');
        }
        Files.writeString(dir.resolve("hostile-ref.csv"), ref);
        Files.writeString(dir.resolve("hostile-cur.csv"), cur);
        run(List.of("bash", "jobs/drift-report.sh", "--format", "csv", "--reference", dir.resolve("hostile-ref.csv").toString(),
                "--current", dir.resolve("hostile-cur.csv").toString(), "--out", dir.resolve("hostile").toString()), 0);
    }

    @Test
    void sampleReportRendersOneSectionPerFeatureWithoutScriptErrors() throws Exception {
        String dom = chromium("--dump-dom", "file://" + dir.resolve("sample/report.html"));
        assertTrue(dom.contains("data-ready=\"true\""), "the page's script ran to the end");
        assertTrue(dom.contains("data-script-errors=\"0\""), "no script errors");
        assertEquals(10, Text.count(dom, "<section class=\"feature"), "one section per feature of the sample");
        assertTrue(dom.contains("10 of 10 features shown"));
        Path png = dir.resolve("sample-report.png");
        chromium("--window-size=1400,2000", "--hide-scrollbars", "--screenshot=" + png, "file://" + dir.resolve("sample/report.html"));
        assertTrue(Files.size(png) > 20_000, "a screenshot was written: " + png);
        byte[] head = Files.readAllBytes(png);
        assertEquals((byte) 0x89, head[0]);
        assertEquals('P', head[1]);
    }

    @Test
    void hostileNamesAndValuesRenderAsTextAndRunNothing() throws Exception {
        String dom = chromium("--dump-dom", "file://" + dir.resolve("hostile/report.html"));
        assertTrue(dom.contains("data-ready=\"true\"") && dom.contains("data-script-errors=\"0\""), dom.substring(0, 400));
        assertFalse(dom.contains("data-pwned"), "no injected handler or script ran");
        assertFalse(dom.contains("<img src=\"x\""), "no element was created from data");
        assertTrue(dom.contains("&lt;img src=x onerror=document.body.dataset.pwned=1&gt;"), "the column name is visible text");
        assertTrue(dom.contains("&lt;script&gt;document.body.dataset.pwned=2&lt;/script&gt;"), "the category is visible text");
        assertTrue(dom.contains("&lt;img src=x onerror=document.body.dataset.pwned=3&gt;"), "the new category is visible text");
        chromium("--window-size=1400,1400", "--screenshot=" + dir.resolve("hostile-report.png"), "file://" + dir.resolve("hostile/report.html"));
    }

    @Test
    void everyLabelOfEveryPlotLiesInsideItsPlot() throws Exception {
        for (String report : List.of("sample", "hostile")) {
            // a copy of the report, without its content security policy, with a script that measures every plot's labels
            String html = Files.readString(dir.resolve(report + "/report.html"))
                    .replaceFirst("<meta http-equiv=\"Content-Security-Policy\"[^>]*>", "");
            Path measured = dir.resolve(report + "-measured.html");
            Files.writeString(measured, html + "<script>(function(){var bad=[],n=0,top=0;"
                    + "document.querySelectorAll('svg.plot').forEach(function(s){var r=s.getBoundingClientRect();"
                    + "s.querySelectorAll('text').forEach(function(t){var b=t.getBoundingClientRect();if(b.width>0){n++;"
                    + "if(t.textContent==='100.00%')top++;"
                    + "if(b.left<r.left-0.5||b.right>r.right+0.5||b.top<r.top-0.5||b.bottom>r.bottom+0.5)bad.push(t.textContent);}});});"
                    + "document.body.dataset.labels=n;document.body.dataset.full=top;document.body.dataset.outside=bad.join('|');})();"
                    + "</script>");
            String dom = chromium("--window-size=1400,2000", "--dump-dom", "file://" + measured);
            java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                    "data-labels=\"(\\d+)\" data-full=\"(\\d+)\" data-outside=\"([^\"]*)\"").matcher(dom);
            assertTrue(m.find(), "the measuring script ran: " + dom.substring(0, Math.min(400, dom.length())));
            assertTrue(Integer.parseInt(m.group(1)) > 100, report + ": labels measured: " + m.group(1));
            if (report.equals("hostile")) {
                assertTrue(Integer.parseInt(m.group(2)) > 0, "the constant's plot tops out at 100.00%");
            }
            assertEquals("", m.group(3), report + ": labels that stick out of their plot");
        }
    }

    private static String chromium(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("bash", "jobs/chromium-headless.sh"));
        cmd.addAll(List.of(args));
        return run(cmd, 0);
    }

    private static String run(List<String> cmd, int expected) throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "proc", ".log");
        Process p = new ProcessBuilder(cmd).directory(root.toFile()).redirectErrorStream(false)
                .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("stderr.log").toFile())).start();
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), String.join(" ", cmd));
        String text = Files.readString(out, StandardCharsets.UTF_8);
        assertEquals(expected, p.exitValue(), String.join(" ", cmd) + "\n" + text);
        return text;
    }
}
