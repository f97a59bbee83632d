package dev.clara.kafka.testing;

import dev.clara.kafka.TopicCreator;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The opt-in variant: an official Apache Kafka image in a container, for running the same service tests against a
 * broker that is not in the test JVM. Without Docker the tests that ask for it are skipped (see
 * {@link #dockerAvailable()}), never failed.
 */
public final class TestcontainersKafka {
    private static final String IMAGE = "apache/kafka:4.1.2";
    private static KafkaContainer container;

    private TestcontainersKafka() {
    }

    /** True when a Docker engine answers; tests use it with {@code Assumptions.assumeTrue}. */
    public static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable e) {
            return false;
        }
    }

    static synchronized String start() {
        if (container == null) {
            if (!dockerAvailable()) {
                throw new IllegalStateException(SharedTestKafka.SWITCH + "=testcontainers needs a Docker engine; none answers");
            }
            KafkaContainer kafka = new KafkaContainer(IMAGE)
                    .withEnv("KAFKA_MESSAGE_MAX_BYTES", Integer.toString(9 * 1024 * 1024));
            kafka.start();
            Runtime.getRuntime().addShutdownHook(new Thread(kafka::stop, "clara-testcontainers-kafka-stop"));
            try {
                new TopicCreator(kafka.getBootstrapServers(), (short) 1).createMissing();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            container = kafka;
        }
        return container.getBootstrapServers();
    }
}
