package dev.clara.cli;

import dev.clara.proto.v1.Hyperparameters;
import dev.clara.proto.v1.ModelKind;
import dev.clara.proto.v1.RunState;
import dev.clara.proto.v1.StartTrainingResponse;
import dev.clara.proto.v1.TrainProgress;
import dev.clara.proto.v1.TrainRequest;
import dev.clara.proto.v1.TrainerGrpc;
import dev.clara.proto.v1.WatchTrainingRequest;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a model on the corpus in clara.tokens (through the trainer's gRPC StartTraining), show its "
                + "progress as a bar and print the new version. Unset hyper-parameters take Clara's defaults "
                + "(embedding 400, 4 layers of 600, bptt 200, batch 32).")
public class TrainCommand implements Callable<Integer> {
    @Option(names = "--trainer-address", paramLabel = "HOST:PORT", defaultValue = "${env:CLARA_TRAINER:-localhost:8102}",
            description = "trainer-service gRPC address (default: ${DEFAULT-VALUE}; env CLARA_TRAINER).")
    String trainerAddress;

    @Option(names = "--kind", defaultValue = "generator", description = "generator, critic or composer (default: ${DEFAULT-VALUE}).")
    String kind;

    @Option(names = "--encoding", paramLabel = "ID", description = "Encoding of the corpus (default: the trainer's, notewise-sf12-r62).")
    String encoding;

    @Option(names = "--run-id", paramLabel = "ID", description = "Name the run (re-sending a run id resumes it from its checkpoint).")
    String runId;

    @Option(names = "--embedding", paramLabel = "N", description = "Embedding size.")
    Integer embedding;
    @Option(names = "--hidden", paramLabel = "N", description = "Hidden units per LSTM layer.")
    Integer hidden;
    @Option(names = "--layers", paramLabel = "N", description = "LSTM layers.")
    Integer layers;
    @Option(names = "--bptt", paramLabel = "N", description = "Tokens per training window (back-propagation through time).")
    Integer bptt;
    @Option(names = "--batch", paramLabel = "N", description = "Parallel streams per step.")
    Integer batch;
    @Option(names = "--epochs", paramLabel = "N", description = "Passes over the corpus.")
    Integer epochs;
    @Option(names = "--lr", paramLabel = "RATE", description = "Peak learning rate of the one-cycle schedule.")
    Double learningRate;
    @Option(names = "--max-seconds", paramLabel = "S", description = "Stop training after this long (the best epoch so far is kept).")
    Double maxSeconds;
    @Option(names = "--max-steps-per-epoch", paramLabel = "N", description = "Cap on steps per epoch.")
    Integer maxStepsPerEpoch;
    @Option(names = "--frozen-epochs", paramLabel = "N", description = "Classifiers: epochs with the encoder frozen first.")
    Integer frozenEpochs;
    @Option(names = "--machine-samples", paramLabel = "N", description = "Critic: machine excerpts to sample from the generator.")
    Integer machineSamples;
    @Option(names = "--min-pieces", paramLabel = "N", description = "Composer: composers need at least this many pieces.")
    Integer minPieces;
    @Option(names = "--seed", paramLabel = "N", description = "Random seed.")
    Long seed;
    @Option(names = "--no-augment", description = "Do not transpose the training pieces into all 12 keys.")
    boolean noAugment;

    @Option(names = "--composer", paramLabel = "NAME", description = "Train only on this composer's pieces (repeatable).")
    List<String> composers;

    @Option(names = "--max-pieces", paramLabel = "N", description = "Use at most this many pieces.")
    int maxPieces;

    @Option(names = "--base-version", paramLabel = "VERSION", description = "Classifiers: the generator to start from or sample (default: the latest).")
    String baseVersion;

    @Option(names = "--description", paramLabel = "TEXT", description = "Kept with the version.")
    String description;

    @Option(names = "--detach", description = "Return once the run is queued, printing its run id.")
    boolean detach;

    @Override
    public Integer call() {
        TrainRequest request = request();
        ManagedChannel channel = GrpcChannels.open(trainerAddress);
        try {
            TrainerGrpc.TrainerBlockingStub trainer = TrainerGrpc.newBlockingStub(channel);
            StartTrainingResponse started = trainer.withDeadlineAfter(60, TimeUnit.SECONDS).startTraining(request);
            System.out.println("run " + started.getRunId() + (started.getQueuePosition() == 0 ? " started"
                    : " queued (position " + started.getQueuePosition() + ")"));
            if (detach) {
                return 0;
            }
            TrainProgress last = follow(trainer, started.getRunId());
            return last != null && last.getState() == RunState.RUN_STATE_SUCCEEDED ? 0 : 1;
        } catch (StatusRuntimeException e) {
            System.err.println("training refused: " + GrpcChannels.describe(e, "trainer-service", trainerAddress));
            return 1;
        } finally {
            GrpcChannels.close(channel);
        }
    }

    /** Shows a run's progress until it ends; returns its final state. Shared with {@code demo}. */
    static TrainProgress follow(TrainerGrpc.TrainerBlockingStub trainer, String runId) {
        TrainProgress last = null;
        try (ProgressBar bar = new ProgressBar("training", 0)) {
            Iterator<TrainProgress> stream = trainer.watchTraining(WatchTrainingRequest.newBuilder().setRunId(runId).build());
            int lastEpochReported = -1;
            while (stream.hasNext()) {
                TrainProgress p = stream.next();
                last = p;
                if (p.getValidationCount() > 0 && p.getState() == RunState.RUN_STATE_RUNNING && p.getEpoch() != lastEpochReported) {
                    lastEpochReported = p.getEpoch();
                    bar.log(System.out, String.format(Locale.ROOT, "epoch %d/%d: %s", p.getEpoch() + 1, p.getEpochs(),
                            formatMetrics(p.getValidationMap())));
                } else if (p.getTotalSteps() > 0) {
                    bar.total(p.getTotalSteps());
                    bar.update(p.getStep(), String.format(Locale.ROOT, "epoch %d/%d loss %.3f %,.0f tok/s ETA %s",
                            p.getEpoch() + 1, p.getEpochs(), p.getLoss(), p.getTokensPerSecond(), eta(p.getEtaSeconds())));
                } else if (!p.getMessage().isEmpty()) {
                    bar.log(System.out, p.getMessage());
                }
            }
        }
        if (last == null) {
            return null;
        }
        switch (last.getState()) {
            case RUN_STATE_SUCCEEDED -> System.out.println("new version " + last.getVersionId() + ": "
                    + formatMetrics(last.getValidationMap()));
            default -> System.out.println("run " + runId + " ended " + last.getState().name().replace("RUN_STATE_", "")
                    .toLowerCase(Locale.ROOT) + ": " + last.getMessage());
        }
        return last;
    }

    static String formatMetrics(Map<String, Double> metrics) {
        StringBuilder sb = new StringBuilder();
        for (var entry : new TreeMap<>(metrics).entrySet()) {
            String key = entry.getKey();
            if (key.startsWith("confusion.") || key.startsWith("precision.") || key.startsWith("recall.")) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append(", ");
            }
            double v = entry.getValue();
            sb.append(key).append(' ').append(v == Math.rint(v) && Math.abs(v) < 1e9
                    ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.4g", v));
        }
        return sb.toString();
    }

    static String eta(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60)
                : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }

    TrainRequest request() {
        Hyperparameters.Builder h = Hyperparameters.newBuilder();
        if (embedding != null) {
            h.setEmbeddingSize(embedding);
        }
        if (hidden != null) {
            h.setHiddenSize(hidden);
        }
        if (layers != null) {
            h.setNumLayers(layers);
        }
        if (bptt != null) {
            h.setBptt(bptt);
        }
        if (batch != null) {
            h.setBatchSize(batch);
        }
        if (epochs != null) {
            h.setEpochs(epochs);
        }
        if (learningRate != null) {
            h.setLearningRate(learningRate);
        }
        if (maxSeconds != null) {
            h.setMaxSeconds(maxSeconds);
        }
        if (maxStepsPerEpoch != null) {
            h.setMaxStepsPerEpoch(maxStepsPerEpoch);
        }
        if (frozenEpochs != null) {
            h.setFrozenEpochs(frozenEpochs);
        }
        if (machineSamples != null) {
            h.setMachineSamples(machineSamples);
        }
        if (minPieces != null) {
            h.setMinPiecesPerClass(minPieces);
        }
        if (seed != null) {
            h.setSeed(seed);
        }
        if (noAugment) {
            h.setAugment(false);
        }
        TrainRequest.Builder request = TrainRequest.newBuilder().setKind(parseKind(kind)).setHyperparameters(h)
                .setMaxPieces(maxPieces);
        if (encoding != null) {
            request.setEncoding(encoding);
        }
        if (runId != null) {
            request.setRunId(runId);
        }
        if (composers != null) {
            request.addAllComposers(composers);
        }
        if (baseVersion != null) {
            request.setBaseVersion(baseVersion);
        }
        if (description != null) {
            request.setDescription(description);
        }
        return request.build();
    }

    static ModelKind parseKind(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "generator" -> ModelKind.MODEL_KIND_GENERATOR;
            case "critic" -> ModelKind.MODEL_KIND_CRITIC;
            case "composer" -> ModelKind.MODEL_KIND_COMPOSER;
            case "all", "" -> ModelKind.MODEL_KIND_UNSPECIFIED;
            default -> throw new IllegalArgumentException("--kind must be generator, critic or composer, not " + text);
        };
    }
}
