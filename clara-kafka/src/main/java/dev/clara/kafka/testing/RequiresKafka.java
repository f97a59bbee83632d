package dev.clara.kafka.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class that talks to the test JVM's Kafka. With {@code -Dclara.test.kafka=testcontainers} and no
 * Docker engine the class is skipped with a reason instead of failing; by default the embedded broker is used and
 * the class always runs.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(KafkaAvailability.class)
public @interface RequiresKafka {
}
