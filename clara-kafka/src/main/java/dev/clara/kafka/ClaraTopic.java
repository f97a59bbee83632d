package dev.clara.kafka;

import dev.clara.proto.Topics;
import java.util.Map;

/**
 * Every Clara topic with the settings DESIGN.md gives it. The single place where partitions, cleanup policy and
 * size limits are decided; the embedded broker, {@code ./clara up --bootstrap} and the deployments follow it.
 */
public enum ClaraTopic {
    MIDI(Topics.MIDI, 3, false),
    TOKENS(Topics.TOKENS, 3, true),
    TRAIN_REQUESTS(Topics.TRAIN_REQUESTS, 1, false),
    TRAIN_PROGRESS(Topics.TRAIN_PROGRESS, 1, false),
    MODELS(Topics.MODELS, 1, true),
    GENERATE_REQUESTS(Topics.GENERATE_REQUESTS, 4, false),
    SAMPLES(Topics.SAMPLES, 4, false),
    SCORES(Topics.SCORES, 4, false),
    RANKED(Topics.RANKED, 4, true),
    DLQ(Topics.DLQ, 1, false);

    /** Largest record batch a topic accepts (after compression): a whole MIDI file or a long token stream. */
    public static final int MAX_MESSAGE_BYTES = 8 * 1024 * 1024;

    private final String topicName;
    private final int partitions;
    private final boolean compacted;

    ClaraTopic(String topicName, int partitions, boolean compacted) {
        this.topicName = topicName;
        this.partitions = partitions;
        this.compacted = compacted;
    }

    public String topicName() {
        return topicName;
    }

    public int partitions() {
        return partitions;
    }

    public boolean compacted() {
        return compacted;
    }

    /** Topic-level configuration: zstd so token text (highly repetitive) travels small, 8 MiB records. */
    public Map<String, String> configs() {
        return Map.of(
                "cleanup.policy", compacted ? "compact" : "delete",
                "compression.type", "zstd",
                "max.message.bytes", Integer.toString(MAX_MESSAGE_BYTES));
    }
}
