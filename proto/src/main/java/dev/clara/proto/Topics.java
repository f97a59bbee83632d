package dev.clara.proto;

/**
 * Kafka topic names. They are part of Clara's public interface (see DESIGN.md): any Kafka client may produce to
 * or consume from them with canonical proto JSON values.
 */
public final class Topics {
    /** {@code MidiSubmitted}, key: piece id. */
    public static final String MIDI = "clara.midi";
    /** {@code EncodedPiece}, key: {@link #tokensKey(String, String)}; compacted. */
    public static final String TOKENS = "clara.tokens";
    /** {@code TrainRequest}, key: run id. */
    public static final String TRAIN_REQUESTS = "clara.train.requests";
    /** {@code TrainProgress}, key: run id. */
    public static final String TRAIN_PROGRESS = "clara.train.progress";
    /** {@code ModelVersion}, key: model kind; compacted. */
    public static final String MODELS = "clara.models";
    /** {@code GenerateRequest}, key: request id. */
    public static final String GENERATE_REQUESTS = "clara.generate.requests";
    /** {@code Sample}, key: request id. */
    public static final String SAMPLES = "clara.samples";
    /** {@code SampleScore}, key: sample id. */
    public static final String SCORES = "clara.scores";
    /** {@code RankedResult}, key: request id; compacted. */
    public static final String RANKED = "clara.ranked";
    /** {@code DeadLetter}, key: the original record's key. */
    public static final String DLQ = "clara.dlq";

    private Topics() {
    }

    /** The key of a piece in one encoding on {@link #TOKENS}: one record per piece × encoding survives compaction. */
    public static String tokensKey(String pieceId, String encodingId) {
        return pieceId + "|" + encodingId;
    }
}
