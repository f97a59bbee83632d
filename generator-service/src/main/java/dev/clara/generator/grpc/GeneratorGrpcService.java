package dev.clara.generator.grpc;

import dev.clara.generator.ranking.RankedResults;
import dev.clara.generator.service.GenerationListener;
import dev.clara.generator.service.GenerationPlan;
import dev.clara.generator.service.GenerationPlanner;
import dev.clara.generator.service.GenerationQueue;
import dev.clara.generator.service.RefusedGenerationException;
import dev.clara.proto.DeadLetters;
import dev.clara.proto.ProtoJson;
import dev.clara.proto.v1.GenerateEvent;
import dev.clara.proto.v1.GenerateRequest;
import dev.clara.proto.v1.GenerationProgress;
import dev.clara.proto.v1.GenerationStarted;
import dev.clara.proto.v1.Generator;
import dev.clara.proto.v1.GetResultRequest;
import dev.clara.proto.v1.RankedResult;
import dev.clara.proto.v1.Sample;
import dev.clara.proto.v1.WatchResultsRequest;
import dev.clara.service.DeadLetterPublisher;
import io.grpc.Status;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;

/** gRPC {@code clara.v1.Generator}: streamed generation, and the ranked results. */
@GrpcService
public class GeneratorGrpcService implements Generator {
    private static final String SERVICE = "generator-service";
    private static final String GENERATE = "clara.v1.Generator/Generate";
    private static final Duration DEFAULT_WAIT = Duration.ofSeconds(30);
    private static final Duration MAX_WAIT = Duration.ofMinutes(30);

    private final GenerationPlanner planner;
    private final GenerationQueue queue;
    private final RankedResults results;
    private final DeadLetterPublisher deadLetters;

    public GeneratorGrpcService(GenerationPlanner planner, GenerationQueue queue, RankedResults results,
                                DeadLetterPublisher deadLetters) {
        this.planner = planner;
        this.queue = queue;
        this.results = results;
        this.deadLetters = deadLetters;
    }

    @Override
    @Blocking
    public Multi<GenerateEvent> generate(GenerateRequest request) {
        GenerationPlan plan;
        try {
            plan = planner.plan(request);
        } catch (RefusedGenerationException e) {
            return Multi.createFrom().failure(refuse(request, e));
        }
        return Multi.createFrom().emitter(emitter -> {
            GenerationListener listener = new GenerationListener() {
                @Override
                public void started(GenerationStarted started) {
                    emitter.emit(GenerateEvent.newBuilder().setStarted(started).build());
                }

                @Override
                public void progress(GenerationProgress progress) {
                    emitter.emit(GenerateEvent.newBuilder().setProgress(progress).build());
                }

                @Override
                public void sample(Sample sample) {
                    emitter.emit(GenerateEvent.newBuilder().setSample(sample).build());
                }
            };
            GenerationQueue.Job job;
            try {
                job = queue.submit(plan, listener);
            } catch (RefusedGenerationException e) {
                emitter.fail(refuse(request, e));
                return;
            }
            // A client that cancels the call stops the work.
            emitter.onTermination(job::cancel);
            job.result().whenComplete((samples, failure) -> {
                if (emitter.isCancelled()) {
                    return; // the client went away; nobody is left to tell
                }
                if (failure == null) {
                    emitter.complete();
                } else if (failure instanceof CancellationException) {
                    emitter.fail(Status.CANCELLED.withDescription("generation cancelled").asRuntimeException());
                } else {
                    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
                    emitter.fail(cause instanceof RefusedGenerationException refused ? refuse(request, refused)
                            : Status.INTERNAL.withDescription(cause.toString()).asRuntimeException());
                }
            });
        });
    }

    @Override
    public Uni<RankedResult> getResult(GetResultRequest request) {
        if (request.getRequestId().isBlank()) {
            return Uni.createFrom().failure(Status.INVALID_ARGUMENT.withDescription("request_id is required").asRuntimeException());
        }
        Duration wait = request.getWaitMs() <= 0 ? DEFAULT_WAIT
                : Duration.ofMillis(Math.min(request.getWaitMs(), MAX_WAIT.toMillis()));
        return Uni.createFrom().completionStage(results.await(request.getRequestId()))
                .ifNoItem().after(wait).failWith(() -> Status.DEADLINE_EXCEEDED.withDescription("no ranked result for "
                        + request.getRequestId() + " within " + wait.toMillis() + " ms (its scores may still be coming)")
                        .asRuntimeException());
    }

    @Override
    public Multi<RankedResult> watchResults(WatchResultsRequest request) {
        Multi<RankedResult> all = results.watch();
        if (request.getRequestId().isBlank()) {
            return all;
        }
        Multi<RankedResult> known = results.get(request.getRequestId()).map(Multi.createFrom()::item)
                .orElseGet(() -> Multi.createFrom().empty());
        return Multi.createBy().concatenating().streams(known,
                all.filter(result -> result.getRequestId().equals(request.getRequestId())));
    }

    private RuntimeException refuse(GenerateRequest request, RefusedGenerationException e) {
        deadLetters.publish(DeadLetters.fromCall(SERVICE, GENERATE, request.getRequestId(),
                ProtoJson.write(request).getBytes(StandardCharsets.UTF_8), e.code(), e.getMessage()));
        return e.toStatus();
    }
}
