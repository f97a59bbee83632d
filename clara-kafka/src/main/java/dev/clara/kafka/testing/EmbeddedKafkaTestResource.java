package dev.clara.kafka.testing;

import dev.clara.kafka.EmbeddedKafkaBroker;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Points a {@code @QuarkusTest} at a real embedded Kafka broker. One broker serves the whole test JVM (starting
 * one takes seconds), so tests must use their own keys or ids rather than expect empty topics.
 * Run with {@code -Dclara.test.kafka=testcontainers} to use {@link TestcontainersKafka} instead, where Docker exists.
 */
public class EmbeddedKafkaTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        String bootstrap = SharedTestKafka.bootstrapServers();
        return Map.of(
                "kafka.bootstrap.servers", bootstrap,
                "quarkus.kafka-streams.bootstrap-servers", bootstrap);
    }

    @Override
    public void stop() {
        // The shared broker outlives one test class; a JVM shutdown hook closes it.
    }

    /** The broker of this test JVM, for tests that need a plain Kafka client beside the service under test. */
    public static String bootstrapServers() {
        return SharedTestKafka.bootstrapServers();
    }

    /** Kept for tests that want the embedded broker itself (to restart a service around it, say). */
    static EmbeddedKafkaBroker embedded() {
        return SharedTestKafka.embedded();
    }
}
