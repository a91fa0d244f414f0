package io.sparkdrift.output;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** One HTTP request with short timeouts, for notices sent when a run ends (the JDK's client, no dependency). */
final class Http {
    private static final Duration CONNECT = Duration.ofSeconds(5);
    private static final Duration REQUEST = Duration.ofSeconds(15);

    private Http() {
    }

    /**
     * Sends {@code body} and returns when the server answered 2xx.
     *
     * @throws IOException for a refused or timed-out connection or any other status (naming it)
     */
    static void send(String method, String url, String contentType, byte[] body) throws IOException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(CONNECT).followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST).header("Content-Type", contentType)
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (response.statusCode() / 100 != 2) {
            String text = response.body() == null ? "" : response.body().strip();
            throw new IOException("HTTP " + response.statusCode() + (text.isEmpty() ? "" : ": " + text.lines().findFirst().orElse("")));
        }
    }
}
