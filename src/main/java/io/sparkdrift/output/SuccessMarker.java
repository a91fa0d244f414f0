package io.sparkdrift.output;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code --out/_SUCCESS}, the completion marker Hadoop's output committers write and schedulers'
 * file sensors wait for. Whenever it exists, {@code --out} holds every output it lists, whole and
 * from the run it names; its content is JSON: {@code {"run_id": ..., "outputs": [...]}}.
 */
final class SuccessMarker {
    static final String NAME = "_SUCCESS";

    private SuccessMarker() {
    }

    static byte[] content(String runId, List<String> outputs) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode node = json.createObjectNode();
        node.put("run_id", runId);
        outputs.forEach(node.putArray("outputs")::add);
        return (node.toString() + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
