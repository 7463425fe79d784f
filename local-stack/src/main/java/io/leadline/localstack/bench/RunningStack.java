package io.leadline.localstack.bench;

import io.leadline.testkit.whatsapp.RecordedSend;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stack someone else started ({@code ./leadline run}, the compose stack, separate JVMs): the benchmark only sends
 * webhooks to its ingest, reads the replies its WhatsApp simulator recorded ({@code GET /sim/sends}) and the lag of
 * its consumer groups. Nothing is reset or recreated: this run's customers are new phone numbers, and only the
 * simulator's sends to them after the run began count.
 */
record RunningStack(String ingestUrl, String simulatorUrl, String bootstrapServers, String dbUrl)
        implements BenchTarget {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The recorded sends as {@code GET /sim/sends} lists them. */
    record Sends(List<RecordedSend> sends) {
    }

    @Override
    public List<RecordedSend> sends() throws Exception {
        HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(URI.create(simulatorUrl + "/sim/sends"))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the simulator at " + simulatorUrl + " answered " + response.statusCode()
                    + " to GET /sim/sends");
        }
        return JSON.readValue(response.body(), Sends.class).sends();
    }

    @Override
    public void close() {
        // not ours to stop
    }
}
