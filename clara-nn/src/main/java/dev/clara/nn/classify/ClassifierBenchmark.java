package dev.clara.nn.classify;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import dev.clara.nn.LanguageModelConfig;
import dev.clara.nn.data.Vocabulary;
import dev.clara.nn.device.TorchThreads;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Measures what the critic and composer services and the trainer care about: the time to score
 * one sample ({@link ClassifierScorer}, windows of {@code bptt} batched), on the calling thread and
 * on a pool thread as a service would call it, and training throughput in tokens per second (full
 * steps: forward with dropouts, backward, clipping, Adam on every layer group).
 *
 * <pre>
 *   java -Dai.djl.offline=true -cp ... dev.clara.nn.classify.ClassifierBenchmark \
 *       [--size tiny|default|clara] [--tokens N] [--repeats N] [--train-steps N] [--threads N] [--vocab N]
 * </pre>
 * {@code tiny} is embedding 32, 2 layers of 64, bptt 64; {@code default} is
 * {@link ClassifierConfig#defaults()} (embedding 200, 3 layers of 400, bptt 200); {@code clara} is a
 * classifier with the generator's encoder (embedding 400, 4 layers of 600, bptt 200). Token ids are
 * random; the weights are untrained, which does not change the time.
 */
public final class ClassifierBenchmark {

    private ClassifierBenchmark() {}

    public static void main(String[] args) throws Exception {
        String size = "default";
        int tokens = 2000;
        int repeats = 10;
        int trainSteps = 5;
        int threads = 0;
        int vocabularySize = 200;
        for (int i = 0; i < args.length; i += 2) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--size" -> size = value;
                case "--tokens" -> tokens = Integer.parseInt(value);
                case "--repeats" -> repeats = Integer.parseInt(value);
                case "--train-steps" -> trainSteps = Integer.parseInt(value);
                case "--threads" -> threads = Integer.parseInt(value);
                case "--vocab" -> vocabularySize = Integer.parseInt(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        ClassifierConfig config = switch (size) {
            case "tiny" -> ClassifierConfig.builder().optEmbeddingSize(32).optHiddenSize(64).optLayers(2).optBptt(64)
                    .build();
            case "default" -> ClassifierConfig.defaults();
            case "clara" -> ClassifierConfig.builder().optEncoderOf(LanguageModelConfig.clara()).build();
            default -> throw new IllegalArgumentException("unknown size '" + size + "': use tiny, default or clara");
        };
        if (threads > 0) {
            TorchThreads.configure(threads, 0);
        }
        List<String> names = new ArrayList<>();
        for (int i = Vocabulary.PIECE_START_ID + 1; i < vocabularySize; i++) {
            names.add("t" + i);
        }
        Vocabulary vocabulary = Vocabulary.of(names);
        Random random = new Random(1);
        int[] sample = random.ints(tokens, Vocabulary.PIECE_START_ID + 1, vocabularySize).toArray();

        Engine.getEngine("PyTorch").setRandomSeed(1);
        try (Model model = Model.newInstance("composer", Device.cpu(), "PyTorch")) {
            SequenceClassifier block = SequenceClassifier.builder().setVocabularySize(vocabulary.size()).setClasses(10)
                    .setConfig(config).build();
            model.setBlock(block);
            block.initialize(model.getNDManager());
            ClassifierScorer scorer = ClassifierScorer.builder().setModel(model)
                    .setLabels(names.subList(0, 10)).setWindowLength(config.bptt()).build();
            double callingThread = medianMillis(() -> scorer.score(sample), repeats);
            ExecutorService pool = Executors.newSingleThreadExecutor();
            int runs = repeats;
            double poolThread;
            try {
                poolThread = pool.submit(() -> medianMillis(() -> scorer.score(sample), runs)).get();
            } finally {
                pool.shutdown();
            }
            System.out.printf(Locale.ROOT, "size=%s %s parameters=%,d%n", size, config,
                    config.parameterCount(vocabulary.size(), 10));
            System.out.printf(Locale.ROOT, "score %d tokens (%d windows of %d): median %.1f ms (calling thread), "
                    + "%.1f ms (pool thread)%n", tokens, ClassifierScorer.windowStarts(tokens, config.bptt()).length,
                    config.bptt(), callingThread, poolThread);
        }

        if (trainSteps > 0) {
            List<Excerpt> excerpts = new ArrayList<>();
            for (int i = 0; i < config.batchSize() * trainSteps; i++) {
                excerpts.add(new Excerpt(random.ints(config.bptt(), Vocabulary.PIECE_START_ID + 1, vocabularySize)
                        .toArray(), i % 2));
            }
            ClassifierConfig oneEpoch = config.toBuilder().optEpochs(1).optFrozenEpochs(0).build();
            try (ClassifierTrainingResult result = ClassifierTrainer.builder().setConfig(oneEpoch)
                    .setVocabulary(vocabulary).setLabels(List.of("machine", "human")).setTrainingExcerpts(excerpts)
                    .build().train()) {
                System.out.printf(Locale.ROOT, "train %d steps of batch %d × bptt %d: %.0f tokens/s%n", result.steps(),
                        config.batchSize(), config.bptt(), result.tokensPerSecond());
            }
        }
    }

    /** The median wall time of {@code repeats} runs after one warm-up run. */
    private static double medianMillis(Runnable run, int repeats) {
        run.run();
        double[] times = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long start = System.nanoTime();
            run.run();
            times[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(times);
        return times[repeats / 2];
    }
}
