package dev.clara.nn.bench;

import ai.djl.Device;
import dev.clara.nn.LanguageModelConfig;
import dev.clara.nn.data.Vocabulary;
import dev.clara.nn.device.DevicePolicy;
import dev.clara.nn.device.DeviceSelector;
import dev.clara.nn.device.TorchThreads;
import dev.clara.nn.train.LanguageModelTrainer;
import dev.clara.nn.train.TrainingResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Measures training throughput: tokens per second through full training steps (forward,
 * backward, global-norm clipping and the Adam update, with Clara's dropouts and AR/TAR on) and
 * the process's peak resident memory.
 *
 * <pre>
 *   java -Dai.djl.offline=true -cp ... dev.clara.nn.bench.TrainingBenchmark \
 *       [--size tiny|clara] [--steps N] [--warmup N] [--threads N] [--interop-threads N]
 *       [--device auto|cpu|gpu] [--vocab N] [--ids FILE] [--batch N] [--bptt N]
 * </pre>
 * {@code tiny} is embedding 64, 2 layers of 256, batch 32, bptt 128; {@code clara} is Clara's
 * embedding 400, 4 layers of 600, batch 32, bptt 200. Token ids are random unless {@code --ids}
 * names a file of white-space separated ids (the vocabulary is then their largest id + 1). Window
 * lengths are fixed (no jitter) so that every step processes the same number of tokens; warm-up
 * steps are run and not counted.
 */
public final class TrainingBenchmark {

    private static final int PIECE_LENGTH = 2000;

    private TrainingBenchmark() {}

    public static void main(String[] args) throws IOException {
        Options options = Options.parse(args);
        TorchThreads.configure(options.threads, options.interopThreads);
        Device device = DeviceSelector.forPyTorch().select(options.device);

        List<int[]> pieces;
        int vocabularySize;
        if (options.idsFile != null) {
            int[] ids = readIds(options.idsFile);
            vocabularySize = Math.max(Vocabulary.PIECE_START_ID + 2, 1 + java.util.Arrays.stream(ids).max().orElse(0));
            pieces = new ArrayList<>();
            for (int from = 0; from < ids.length; from += PIECE_LENGTH) {
                pieces.add(java.util.Arrays.copyOfRange(ids, from, Math.min(ids.length, from + PIECE_LENGTH)));
            }
        } else {
            vocabularySize = options.vocabularySize;
            pieces = syntheticPieces(vocabularySize, (long) options.config.batchSize() * options.config.bptt()
                    * (options.warmup + options.steps + 1) + options.config.batchSize(), options.config.seed());
        }
        List<String> tokens = new ArrayList<>();
        for (int i = Vocabulary.PIECE_START_ID + 1; i < vocabularySize; i++) {
            tokens.add("t" + i);
        }
        Vocabulary vocabulary = Vocabulary.of(tokens);

        LanguageModelConfig config = options.config.toBuilder()
                .optEpochs(1).optMaxStepsPerEpoch(options.warmup + options.steps).optBpttJitter(false).build();
        long[] measuredStart = new long[1];
        long[] measuredEnd = new long[1];
        long[] measuredTokens = new long[1];
        int warmup = options.warmup;
        long tokensPerStep = (long) config.batchSize() * config.bptt();
        LanguageModelTrainer trainer = LanguageModelTrainer.builder()
                .setConfig(config).setVocabulary(vocabulary).setTrainingPieces(pieces).optDevice(device)
                .optListener(progress -> {
                    if (progress.isValidation()) {
                        return;
                    }
                    long now = System.nanoTime();
                    if (progress.step() == warmup) {
                        measuredStart[0] = now;
                    } else if (progress.step() > warmup) {
                        measuredEnd[0] = now;
                        measuredTokens[0] += tokensPerStep;
                    }
                    System.out.printf(Locale.ROOT, "  step %d/%d loss %.3f%n", progress.step(), progress.totalSteps(),
                            progress.loss());
                })
                .build();
        long started = System.nanoTime();
        try (TrainingResult result = trainer.train()) {
            double seconds = (measuredEnd[0] - measuredStart[0]) / 1e9;
            double tokensPerSecond = measuredTokens[0] / seconds;
            System.out.printf(Locale.ROOT,
                    "size=%s device=%s intra-op-threads=%d inter-op-threads=%d vocabulary=%d parameters=%,d "
                            + "batch=%d bptt=%d%n",
                    options.size, device, TorchThreads.intraOpThreads(), TorchThreads.interOpThreads(), vocabularySize,
                    config.parameterCount(vocabularySize), config.batchSize(), config.bptt());
            System.out.printf(Locale.ROOT,
                    "measured steps=%d (after %d warm-up) seconds/step=%.3f tokens/s=%.1f total wall=%.1fs%n",
                    options.steps, warmup, seconds / options.steps, tokensPerSecond,
                    (System.nanoTime() - started) / 1e9);
            System.out.printf(Locale.ROOT, "peak RSS (VmHWM)=%s estimated training memory=%.0f MiB steps=%d%n",
                    peakResidentMemory(), config.estimatedTrainingBytes(vocabularySize) / 1048576.0, result.steps());
        }
    }

    private static List<int[]> syntheticPieces(int vocabularySize, long tokens, long seed) {
        Random random = new Random(seed);
        List<int[]> pieces = new ArrayList<>();
        long made = 0;
        int first = Vocabulary.PIECE_START_ID + 1;
        while (made < tokens) {
            int[] piece = new int[PIECE_LENGTH];
            for (int i = 0; i < piece.length; i++) {
                piece[i] = first + random.nextInt(vocabularySize - first);
            }
            pieces.add(piece);
            made += piece.length + 1;
        }
        return pieces;
    }

    private static int[] readIds(Path file) throws IOException {
        String[] parts = Files.readString(file).trim().split("\\s+");
        int[] ids = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            ids[i] = Integer.parseInt(parts[i]);
        }
        return ids;
    }

    /** The peak resident set size Linux reports for this process, or "unknown" elsewhere. */
    static String peakResidentMemory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return String.format(Locale.ROOT, "%.0f MiB", kib / 1024.0);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return "unknown";
        }
        return "unknown";
    }

    private static final class Options {
        String size = "tiny";
        LanguageModelConfig config;
        int steps = -1;
        int warmup = -1;
        int threads;
        int interopThreads;
        DevicePolicy device = DevicePolicy.AUTO;
        int vocabularySize = 200;
        Path idsFile;
        Integer batch;
        Integer bptt;

        static Options parse(String[] args) {
            Options options = new Options();
            for (int i = 0; i < args.length; i++) {
                String name = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("option " + name + " needs a value");
                }
                String value = args[++i];
                switch (name) {
                    case "--size" -> options.size = value;
                    case "--steps" -> options.steps = Integer.parseInt(value);
                    case "--warmup" -> options.warmup = Integer.parseInt(value);
                    case "--threads" -> options.threads = Integer.parseInt(value);
                    case "--interop-threads" -> options.interopThreads = Integer.parseInt(value);
                    case "--device" -> options.device = DevicePolicy.parse(value);
                    case "--vocab" -> options.vocabularySize = Integer.parseInt(value);
                    case "--ids" -> options.idsFile = Path.of(value);
                    case "--batch" -> options.batch = Integer.parseInt(value);
                    case "--bptt" -> options.bptt = Integer.parseInt(value);
                    default -> throw new IllegalArgumentException("unknown option " + name);
                }
            }
            LanguageModelConfig.Builder builder = switch (options.size) {
                case "tiny" -> LanguageModelConfig.builder().optEmbeddingSize(64).optHiddenSize(256).optLayers(2)
                        .optBatchSize(32).optBptt(128);
                case "clara" -> LanguageModelConfig.builder();
                default -> throw new IllegalArgumentException("unknown size " + options.size + ": use tiny or clara");
            };
            if (options.batch != null) {
                builder.optBatchSize(options.batch);
            }
            if (options.bptt != null) {
                builder.optBptt(options.bptt);
            }
            options.config = builder.build();
            boolean tiny = options.size.equals("tiny");
            if (options.steps < 0) {
                options.steps = tiny ? 20 : 4;
            }
            if (options.warmup < 0) {
                options.warmup = tiny ? 3 : 1;
            }
            if (options.steps < 1 || options.warmup < 1) {
                throw new IllegalArgumentException("at least one measured and one warm-up step are needed");
            }
            return options;
        }
    }
}
