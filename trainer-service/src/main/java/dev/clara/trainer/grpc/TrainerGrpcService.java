package dev.clara.trainer.grpc;

import dev.clara.nn.store.ModelKind;
import dev.clara.proto.DeadLetters;
import dev.clara.proto.ProtoJson;
import dev.clara.proto.v1.ListModelsRequest;
import dev.clara.proto.v1.ListModelsResponse;
import dev.clara.proto.v1.RunState;
import dev.clara.proto.v1.StartTrainingResponse;
import dev.clara.proto.v1.TrainProgress;
import dev.clara.proto.v1.TrainRequest;
import dev.clara.proto.v1.Trainer;
import dev.clara.proto.v1.WatchTrainingRequest;
import dev.clara.service.DeadLetterPublisher;
import dev.clara.trainer.service.ModelCatalog;
import dev.clara.trainer.service.RefusedRequestException;
import dev.clara.trainer.service.RunRegistry;
import dev.clara.trainer.service.TrainRequestPlanner;
import dev.clara.trainer.service.TrainingPlan;
import dev.clara.trainer.service.TrainingQueue;
import io.grpc.Status;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.util.Arrays;
import java.util.List;

/** gRPC {@code clara.v1.Trainer}. */
@GrpcService
public class TrainerGrpcService implements Trainer {
    private static final String SERVICE = "trainer-service";
    private static final String START = "clara.v1.Trainer/StartTraining";

    private final TrainRequestPlanner planner;
    private final TrainingQueue queue;
    private final RunRegistry registry;
    private final ModelCatalog catalog;
    private final DeadLetterPublisher deadLetters;

    public TrainerGrpcService(TrainRequestPlanner planner, TrainingQueue queue, RunRegistry registry,
                              ModelCatalog catalog, DeadLetterPublisher deadLetters) {
        this.planner = planner;
        this.queue = queue;
        this.registry = registry;
        this.catalog = catalog;
        this.deadLetters = deadLetters;
    }

    @Override
    @Blocking
    public Uni<StartTrainingResponse> startTraining(TrainRequest request) {
        try {
            TrainingPlan plan = planner.plan(request);
            int position = queue.submit(plan, refused -> deadLetter(request, plan.runId(), refused));
            return Uni.createFrom().item(StartTrainingResponse.newBuilder().setRunId(plan.runId())
                    .setQueuePosition(position).build());
        } catch (RefusedRequestException e) {
            deadLetter(request, request.getRunId(), e);
            if (!request.getRunId().isBlank()) {
                registry.update(TrainProgress.newBuilder().setRunId(request.getRunId())
                        .setState(RunState.RUN_STATE_REFUSED).setMessage(e.code() + ": " + e.getMessage()).build());
            }
            Status status = e.code().equals("QUEUE_FULL") ? Status.RESOURCE_EXHAUSTED : Status.INVALID_ARGUMENT;
            return Uni.createFrom().failure(status.withDescription(e.code() + ": " + e.getMessage()).asRuntimeException());
        }
    }

    @Override
    public Multi<TrainProgress> watchTraining(WatchTrainingRequest request) {
        return registry.watch(request.getRunId()).orElseGet(() -> Multi.createFrom().failure(Status.NOT_FOUND
                .withDescription("unknown run '" + request.getRunId() + "' (this trainer has not seen it since it started)")
                .asRuntimeException()));
    }

    @Override
    @Blocking
    public Uni<ListModelsResponse> listModels(ListModelsRequest request) {
        List<ModelKind> kinds = switch (request.getKind()) {
            case MODEL_KIND_GENERATOR -> List.of(ModelKind.GENERATOR);
            case MODEL_KIND_CRITIC -> List.of(ModelKind.CRITIC);
            case MODEL_KIND_COMPOSER -> List.of(ModelKind.COMPOSER);
            default -> Arrays.asList(ModelKind.values());
        };
        try {
            return Uni.createFrom().item(ListModelsResponse.newBuilder().addAllVersions(catalog.list(kinds)).build());
        } catch (java.io.IOException e) {
            return Uni.createFrom().failure(Status.UNAVAILABLE.withDescription("model store unreadable: " + e.getMessage())
                    .asRuntimeException());
        }
    }

    private void deadLetter(TrainRequest request, String runId, RefusedRequestException e) {
        deadLetters.publish(DeadLetters.fromCall(SERVICE, START, runId,
                ProtoJson.write(request).getBytes(java.nio.charset.StandardCharsets.UTF_8), e.code(), e.getMessage()));
    }
}
