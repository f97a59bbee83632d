package dev.clara.proto;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;

/**
 * Canonical proto JSON, the wire format of every Kafka event, so that clients without generated code
 * (kcat, kafkajs, confluent-kafka) can read and write them.
 */
public final class ProtoJson {
    // Unknown fields are ignored so that an older service keeps reading events from a newer producer.
    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

    private ProtoJson() {
    }

    public static String write(Message message) {
        try {
            return PRINTER.print(message);
        } catch (InvalidProtocolBufferException e) {
            // Only Any fields with unknown types fail to print; Clara's messages have none.
            throw new IllegalStateException("cannot print " + message.getDescriptorForType().getFullName(), e);
        }
    }

    /**
     * Parses {@code json} into a message of the builder's type.
     *
     * @throws InvalidEventException with a readable reason when the text is not a valid event of that type
     */
    @SuppressWarnings("unchecked")
    public static <T extends Message> T read(String json, Message.Builder builder) throws InvalidEventException {
        if (json == null || json.isBlank()) {
            throw new InvalidEventException("empty value: expected a JSON " + builder.getDescriptorForType().getName());
        }
        try {
            PARSER.merge(json, builder);
            return (T) builder.build();
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new InvalidEventException("not a valid JSON " + builder.getDescriptorForType().getName() + ": " + detail);
        }
    }
}
