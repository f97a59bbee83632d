package dev.clara.kafka.testing;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** The condition behind {@link RequiresKafka}. */
public class KafkaAvailability implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String wanted = System.getProperty(SharedTestKafka.SWITCH, System.getenv("CLARA_TEST_KAFKA"));
        if (!"testcontainers".equals(wanted)) {
            return ConditionEvaluationResult.enabled("embedded Kafka broker");
        }
        return TestcontainersKafka.dockerAvailable()
                ? ConditionEvaluationResult.enabled("Testcontainers Kafka")
                : ConditionEvaluationResult.disabled("clara.test.kafka=testcontainers but no Docker engine answers");
    }
}
