package dev.clara.generator.messaging;

import dev.clara.proto.ProtoJson;
import dev.clara.proto.v1.Sample;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Publishes finished samples to clara.samples (key: request id), waiting for the broker so none is lost. */
@ApplicationScoped
public class SamplePublisher {
    public static final String CHANNEL = "samples";
    private final MutinyEmitter<String> emitter;

    public SamplePublisher(@Channel(CHANNEL) MutinyEmitter<String> emitter) {
        this.emitter = emitter;
    }

    public void publish(Sample sample) {
        emitter.sendMessageAndAwait(Message.of(ProtoJson.write(sample)).addMetadata(
                OutgoingKafkaRecordMetadata.<String>builder().withKey(sample.getRequestId()).build()));
    }
}
