package dev.clara.cli;

import java.util.List;

/**
 * One process of the local stack: the broker or a service.
 *
 * @param name     process name, also its pid and log file name
 * @param port     where it listens (HTTP + gRPC for services, Kafka for the broker)
 * @param heapMb   its -Xmx; sized so six JVMs fit a laptop beside the models' native memory
 * @param module   the Maven module whose build it runs
 */
public record StackComponent(String name, int basePort, int heapMb, String module) {

    /**
     * Shifts every port of the local stack (env {@code CLARA_PORT_OFFSET} or {@code -Dclara.port.offset}), so a
     * second stack (the end-to-end test's) can run beside the usual one.
     */
    public static int portOffset() {
        String value = System.getProperty("clara.port.offset", System.getenv().getOrDefault("CLARA_PORT_OFFSET", "0"));
        return Integer.parseInt(value.trim());
    }

    public int port() {
        return basePort + portOffset();
    }

    public static final StackComponent KAFKA = new StackComponent("kafka", 9092, 768, "clara-kafka");

    /** The five services in start order, with DESIGN.md's ports. */
    public static final List<StackComponent> SERVICES = List.of(
            new StackComponent("encoder-service", 8101, 768, "encoder-service"),
            new StackComponent("trainer-service", 8102, 3072, "trainer-service"),
            new StackComponent("generator-service", 8103, 1536, "generator-service"),
            new StackComponent("critic-service", 8104, 1024, "critic-service"),
            new StackComponent("composer-service", 8105, 1024, "composer-service"));

    public boolean isService() {
        return !name.equals(KAFKA.name);
    }
}
