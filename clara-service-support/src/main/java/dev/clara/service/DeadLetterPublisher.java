package dev.clara.service;

import dev.clara.proto.ProtoJson;
import dev.clara.proto.v1.DeadLetter;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/** Publishes {@link DeadLetter}s to clara.dlq and waits for the broker's acknowledgement, so none is lost. */
@ApplicationScoped
public class DeadLetterPublisher {
    public static final String CHANNEL = "dlq";
    private static final Logger LOG = Logger.getLogger(DeadLetterPublisher.class);

    private final MutinyEmitter<String> emitter;

    public DeadLetterPublisher(@Channel(CHANNEL) MutinyEmitter<String> emitter) {
        this.emitter = emitter;
    }

    public void publish(DeadLetter letter) {
        LOG.warnf("dead letter from %s (key %s): %s: %s", letter.getSource(), letter.getKey(), letter.getErrorCode(),
                letter.getReason());
        Message<String> message = Message.of(ProtoJson.write(letter)).addMetadata(
                OutgoingKafkaRecordMetadata.<String>builder().withKey(letter.getKey()).build());
        emitter.sendMessageAndAwait(message);
    }
}
