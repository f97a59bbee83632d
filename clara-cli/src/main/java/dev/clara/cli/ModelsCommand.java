package dev.clara.cli;

import dev.clara.proto.v1.ListModelsRequest;
import dev.clara.proto.v1.ListModelsResponse;
import dev.clara.proto.v1.ModelVersion;
import dev.clara.proto.v1.TrainerGrpc;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List the trained model versions, newest first, with their held-out metrics (trainer's gRPC ListModels).")
public class ModelsCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
            .withZone(ZoneId.systemDefault());

    @Option(names = "--trainer-address", paramLabel = "HOST:PORT", defaultValue = "${env:CLARA_TRAINER:-localhost:8102}",
            description = "trainer-service gRPC address (default: ${DEFAULT-VALUE}; env CLARA_TRAINER).")
    String trainerAddress;

    @Option(names = "--kind", defaultValue = "all", description = "generator, critic, composer or all (default: ${DEFAULT-VALUE}).")
    String kind;

    @Override
    public Integer call() {
        ManagedChannel channel = GrpcChannels.open(trainerAddress);
        try {
            ListModelsResponse response = TrainerGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
                    .listModels(ListModelsRequest.newBuilder().setKind(TrainCommand.parseKind(kind)).build());
            if (response.getVersionsCount() == 0) {
                System.out.println("no model versions yet; train one with ./clara train");
                return 0;
            }
            System.out.printf("%-38s %-9s %-26s %-16s %s%n", "VERSION", "KIND", "ENCODING", "CREATED", "METRICS");
            for (ModelVersion v : response.getVersionsList()) {
                System.out.printf("%-38s %-9s %-26s %-16s %s%n", v.getVersionId(),
                        v.getKind().name().replace("MODEL_KIND_", "").toLowerCase(Locale.ROOT), v.getEncoding(),
                        TIME.format(Instant.ofEpochMilli(v.getCreatedAtMs())), TrainCommand.formatMetrics(v.getMetricsMap()));
            }
            return 0;
        } catch (StatusRuntimeException e) {
            System.err.println(GrpcChannels.describe(e, "trainer-service", trainerAddress));
            return 1;
        } finally {
            GrpcChannels.close(channel);
        }
    }
}
