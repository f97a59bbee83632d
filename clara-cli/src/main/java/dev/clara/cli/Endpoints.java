package dev.clara.cli;

import picocli.CommandLine.Option;

/** Where the stack's Kafka is; commands that talk to a service over gRPC add that service's address option. */
public class Endpoints {
    @Option(names = "--bootstrap", paramLabel = "HOST:PORT", defaultValue = "${env:CLARA_BOOTSTRAP:-localhost:9092}",
            description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}; env CLARA_BOOTSTRAP).")
    public String bootstrap;
}
