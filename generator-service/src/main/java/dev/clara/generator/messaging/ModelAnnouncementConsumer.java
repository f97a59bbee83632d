package dev.clara.generator.messaging;

import dev.clara.generator.service.GeneratorModels;
import dev.clara.proto.InvalidEventException;
import dev.clara.proto.ProtoJson;
import dev.clara.proto.v1.ModelKind;
import dev.clara.proto.v1.ModelVersion;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/** clara.models → the generator swaps in the newest generator version. */
@ApplicationScoped
public class ModelAnnouncementConsumer {
    public static final String CHANNEL = "models";
    private static final Logger LOG = Logger.getLogger(ModelAnnouncementConsumer.class);
    private final GeneratorModels models;

    public ModelAnnouncementConsumer(GeneratorModels models) {
        this.models = models;
    }

    @Incoming(CHANNEL)
    public void consume(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return;
        }
        try {
            ModelVersion version = ProtoJson.read(new String(record.value(), StandardCharsets.UTF_8), ModelVersion.newBuilder());
            if (version.getKind() == ModelKind.MODEL_KIND_GENERATOR) {
                models.announced(version);
            }
        } catch (InvalidEventException e) {
            LOG.warnf("skipping unreadable clara.models record %s: %s", record.key(), e.getMessage());
        }
    }
}
