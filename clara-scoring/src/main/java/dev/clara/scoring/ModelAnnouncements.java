package dev.clara.scoring;

import dev.clara.proto.InvalidEventException;
import dev.clara.proto.ProtoJson;
import dev.clara.proto.v1.ModelVersion;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/** clara.models → the newest classifier of this service's kind is swapped in. */
@ApplicationScoped
public class ModelAnnouncements {
    public static final String CHANNEL = "models";
    private static final Logger LOG = Logger.getLogger(ModelAnnouncements.class);
    private final ScoringModels models;

    public ModelAnnouncements(ScoringModels models) {
        this.models = models;
    }

    @Incoming(CHANNEL)
    public void consume(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return;
        }
        try {
            models.announced(ProtoJson.read(new String(record.value(), StandardCharsets.UTF_8), ModelVersion.newBuilder()));
        } catch (InvalidEventException e) {
            LOG.warnf("skipping unreadable clara.models record %s: %s", record.key(), e.getMessage());
        }
    }
}
