package dev.clara.proto;

import com.google.protobuf.ByteString;
import dev.clara.proto.v1.DeadLetter;

/** Builds {@link DeadLetter} events; keeps the original bytes, cut to a bound so a dead letter always fits its topic. */
public final class DeadLetters {
    /** Originals above this size keep only their first bytes (the topic takes 8 MiB records). */
    public static final int MAX_ORIGINAL_BYTES = 4 * 1024 * 1024;

    private DeadLetters() {
    }

    /** A record consumed from {@code topic} that could not be processed. */
    public static DeadLetter fromRecord(String service, String topic, int partition, long offset, String key,
                                        byte[] original, String errorCode, String reason) {
        return builder(service, errorCode, reason, key, original)
                .setSource(topic).setPartition(partition).setOffset(offset).build();
    }

    /** A gRPC call refused with a reason; {@code method} like {@code clara.v1.Encoder/Encode}. */
    public static DeadLetter fromCall(String service, String method, String key, byte[] original,
                                      String errorCode, String reason) {
        return builder(service, errorCode, reason, key, original)
                .setSource("grpc:" + method).setPartition(-1).setOffset(-1).build();
    }

    private static DeadLetter.Builder builder(String service, String errorCode, String reason, String key, byte[] original) {
        byte[] bytes = original == null ? new byte[0] : original;
        boolean truncated = bytes.length > MAX_ORIGINAL_BYTES;
        return DeadLetter.newBuilder()
                .setService(service)
                .setErrorCode(errorCode)
                .setReason(reason == null ? "" : reason)
                .setKey(key == null ? "" : key)
                .setOriginal(ByteString.copyFrom(bytes, 0, truncated ? MAX_ORIGINAL_BYTES : bytes.length))
                .setOriginalTruncated(truncated)
                .setAtMs(System.currentTimeMillis());
    }
}
