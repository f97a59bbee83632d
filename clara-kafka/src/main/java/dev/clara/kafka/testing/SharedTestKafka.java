package dev.clara.kafka.testing;

import dev.clara.kafka.EmbeddedKafkaBroker;

/** The one Kafka of a test JVM: embedded by default, a Testcontainers broker when asked for and Docker exists. */
final class SharedTestKafka {
    static final String SWITCH = "clara.test.kafka";
    private static EmbeddedKafkaBroker embedded;
    private static String bootstrap;

    private SharedTestKafka() {
    }

    static synchronized String bootstrapServers() {
        if (bootstrap == null) {
            if ("testcontainers".equals(System.getProperty(SWITCH, System.getenv("CLARA_TEST_KAFKA")))) {
                bootstrap = TestcontainersKafka.start();
            } else {
                bootstrap = embedded().bootstrapServers();
            }
        }
        return bootstrap;
    }

    static synchronized EmbeddedKafkaBroker embedded() {
        if (embedded == null) {
            EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.temporary().start();
            Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "clara-test-kafka-shutdown"));
            embedded = broker;
        }
        return embedded;
    }
}
