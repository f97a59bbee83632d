package dev.clara.nn.train;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import dev.clara.nn.LanguageModelConfig;
import dev.clara.nn.json.ClaraJson;
import dev.clara.nn.model.AwdLstmLanguageModel;
import dev.clara.nn.store.AtomicDirectory;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where a run stood when it was saved, enough to resume it: the weights, Adam's moments and step,
 * and the position in the epoch. Each checkpoint is its own directory {@code step-NNNNNNNNNN}
 * under the run's checkpoint root, written atomically; older ones are removed only after a newer
 * one is complete, so a crash never leaves a run without a readable checkpoint.
 *
 * <p>The recurrent state is not saved: a run resumed mid-epoch restarts it at zero, as at an
 * epoch start. At an epoch boundary the resumed run continues exactly as an uninterrupted one,
 * because every epoch reseeds its own random streams.
 *
 * @param epoch the epoch to continue in, from 0
 * @param stepInEpoch the windows of that epoch already trained
 * @param globalStep the steps of the whole run already trained
 * @param tokensSeen training tokens processed so far
 * @param bestValidationLoss the best validation loss so far, or null
 * @param vocabularySize the model's vocabulary size, checked on resume
 * @param config the run's configuration, checked on resume
 */
public record TrainingCheckpoint(
        int epoch,
        int stepInEpoch,
        long globalStep,
        long tokensSeen,
        Double bestValidationLoss,
        int vocabularySize,
        LanguageModelConfig config) {

    static final String PARAMETERS_FILE = "parameters.params";
    static final String OPTIMIZER_FILE = "optimizer.bin";
    static final String STATE_FILE = "checkpoint.json";
    static final String METRICS_FILE = "metrics.json";
    private static final String STEP_PREFIX = "step-";
    private static final String BEST_PREFIX = "best-";

    /** Writes this checkpoint, then removes the older ones. */
    public Path write(Path root, AwdLstmLanguageModel block, AdamOptimizer optimizer) throws IOException {
        Path target = root.resolve(String.format(Locale.ROOT, "%s%010d", STEP_PREFIX, globalStep));
        if (!Files.exists(target)) {
            AtomicDirectory.write(target, dir -> {
                writeParameters(block, dir.resolve(PARAMETERS_FILE));
                try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
                        Files.newOutputStream(dir.resolve(OPTIMIZER_FILE))))) {
                    optimizer.save(out);
                }
                Files.writeString(dir.resolve(STATE_FILE), ClaraJson.GSON.toJson(this), StandardCharsets.UTF_8);
            });
        }
        removeAllBut(root, STEP_PREFIX, target);
        return target;
    }

    /** The newest complete checkpoint under {@code root}, if any. */
    public static Optional<Path> latest(Path root) throws IOException {
        return newest(root, STEP_PREFIX);
    }

    /** Reads the position and configuration of a checkpoint. */
    public static TrainingCheckpoint read(Path checkpoint) throws IOException {
        return ClaraJson.GSON.fromJson(Files.readString(checkpoint.resolve(STATE_FILE), StandardCharsets.UTF_8),
                TrainingCheckpoint.class);
    }

    /** Loads a checkpoint's weights and optimizer state into a freshly built block and optimizer. */
    public static void restore(Path checkpoint, AwdLstmLanguageModel block, AdamOptimizer optimizer, NDManager manager)
            throws IOException {
        readParameters(block, checkpoint.resolve(PARAMETERS_FILE), manager);
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(
                Files.newInputStream(checkpoint.resolve(OPTIMIZER_FILE))))) {
            optimizer.load(manager, in);
        }
    }

    /** Keeps the best weights so far as {@code best-NNNNNNNNNN}, replacing the previous best. */
    static Path writeBest(Path root, long globalStep, byte[] parameters, ValidationMetrics metrics) throws IOException {
        Path target = root.resolve(String.format(Locale.ROOT, "%s%010d", BEST_PREFIX, globalStep));
        if (!Files.exists(target)) {
            AtomicDirectory.write(target, dir -> {
                Files.write(dir.resolve(PARAMETERS_FILE), parameters);
                Files.writeString(dir.resolve(METRICS_FILE), ClaraJson.GSON.toJson(metrics), StandardCharsets.UTF_8);
            });
        }
        removeAllBut(root, BEST_PREFIX, target);
        return target;
    }

    /** The newest best-weights directory under {@code root}, if any. */
    static Optional<Path> latestBest(Path root) throws IOException {
        return newest(root, BEST_PREFIX);
    }

    static void writeParameters(AwdLstmLanguageModel block, Path file) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            block.saveParameters(out);
        }
    }

    static void readParameters(AwdLstmLanguageModel block, Path file, NDManager manager) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            loadParameters(block, in, manager);
        }
    }

    /**
     * Loads weights and marks them trainable again: DJL's loader replaces the arrays without the
     * gradient flag, and closes nothing, so the old arrays are closed here.
     */
    static void loadParameters(AwdLstmLanguageModel block, DataInputStream in, NDManager manager) throws IOException {
        List<Parameter> parameters = block.getParameters().values();
        List<ai.djl.ndarray.NDArray> previous = parameters.stream()
                .map(p -> p.isInitialized() ? p.getArray() : null).toList();
        try {
            block.loadParameters(manager, in);
        } catch (MalformedModelException e) {
            throw new IOException("unreadable parameters: " + e.getMessage(), e);
        }
        for (int i = 0; i < parameters.size(); i++) {
            Parameter parameter = parameters.get(i);
            if (previous.get(i) != null && previous.get(i) != parameter.getArray()) {
                previous.get(i).close();
            }
            if (parameter.requiresGradient()) {
                parameter.getArray().setRequiresGradient(true);
            }
        }
    }

    private static Optional<Path> newest(Path root, String prefix) throws IOException {
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> entries = Files.list(root)) {
            return entries.filter(Files::isDirectory)
                    .filter(p -> p.getFileName().toString().startsWith(prefix))
                    .max(java.util.Comparator.comparing(p -> p.getFileName().toString()));
        }
    }

    private static void removeAllBut(Path root, String prefix, Path keep) throws IOException {
        List<Path> old;
        try (Stream<Path> entries = Files.list(root)) {
            old = entries.filter(p -> p.getFileName().toString().startsWith(prefix) && !p.equals(keep)).toList();
        }
        for (Path path : old) {
            AtomicDirectory.deleteRecursively(path);
        }
    }
}
