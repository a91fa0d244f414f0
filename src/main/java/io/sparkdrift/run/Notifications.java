package io.sparkdrift.run;

/**
 * Who hears about a run when it ends: a webhook and a metrics export for monitoring systems. Every
 * field may be null (off).
 *
 * @param webhook http(s) URL the verdict is POSTed to
 * @param format {@code json} (the documented payload) or {@code slack} (a Slack-compatible {"text": …})
 * @param on {@code drift} (a feature drifted), {@code failure} (the run failed) or {@code always}
 * @param prometheusFile local file written in the Prometheus text format (for node_exporter's
 *     textfile collector), replaced atomically
 * @param pushgateway a Prometheus Pushgateway group URL (…/metrics/job/NAME[/LABEL/VALUE…]) the same
 *     text is PUT to
 */
public record Notifications(String webhook, String format, String on, String prometheusFile, String pushgateway) {
    public static final Notifications NONE = new Notifications(null, "json", "drift", null, null);

    /** Whether a run that ended this way is announced on the webhook. */
    public boolean announces(boolean failed, boolean anyDrift) {
        return webhook != null && switch (on) {
            case "always" -> true;
            case "failure" -> failed;
            default -> !failed && anyDrift;
        };
    }
}
