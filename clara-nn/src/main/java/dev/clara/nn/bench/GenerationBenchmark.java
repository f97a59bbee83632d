package dev.clara.nn.bench;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import dev.clara.nn.LanguageModelConfig;
import dev.clara.nn.data.Vocabulary;
import dev.clara.nn.device.TorchThreads;
import dev.clara.nn.model.AwdLstmLanguageModel;
import dev.clara.nn.model.LanguageModelOutput;
import dev.clara.nn.model.RecurrentState;
import dev.clara.nn.sample.BatchSampler;
import dev.clara.nn.sample.GenerationRequest;
import dev.clara.nn.sample.GenerationResult;
import dev.clara.nn.sample.ProductOrder;
import dev.clara.nn.sample.SamplingSettings;
import dev.clara.nn.store.ModelArtifact;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Measures generation speed: milliseconds per sampling step and tokens per second for a batch of
 * samples generated together, with {@link BatchSampler} and, for comparison, with the plain loop that
 * calls the model's block once per token.
 *
 * <pre>
 *   java -Dai.djl.offline=true -cp ... dev.clara.nn.bench.GenerationBenchmark \
 *       [--size tiny|clara] [--samples N] [--tokens N] [--threads N] [--vocab N] [--artifact DIR]
 *       [--naive] [--seed N] [--products auto|activations-first|weights-first]
 * </pre>
 * {@code tiny} is embedding 64, 2 layers of 256; {@code clara} is Clara's embedding 400, 4 layers of
 * 600; both randomly initialised with a vocabulary of {@code --vocab} (200) tokens, unless
 * {@code --artifact} names a stored generator's directory. The default job is Clara's: 16 samples of
 * 2,000 tokens with her notewise sampling (randomFreq 0.8, trunc 3), primed with {@code <bos>}.
 * {@code --threads} sets libtorch's intra-op threads (0: one per core); {@code --products} the
 * cell's {@link ProductOrder}. With more than one thread, run with {@code OMP_WAIT_POLICY=PASSIVE} on
 * shared cores (see the README). A short run before each measurement warms the JIT and the engine up.
 *
 * <p>The naive loop is what a first DJL sampler does: the block's forward on [samples, 1] ids with
 * the state carried, softmax on the engine, the [samples, vocabulary] probabilities copied to Java and
 * Clara's choice made there. Its autograd is switched off as well, so that the comparison measures
 * the network step itself.
 */
public final class GenerationBenchmark {

    private static final int WARMUP_TOKENS = 20;

    private GenerationBenchmark() {}

    public static void main(String[] args) throws IOException {
        Options options = Options.parse(args);
        TorchThreads.configure(options.threads, 0);
        Device device = Device.cpu();

        ModelArtifact artifact = null;
        Model model = null;
        AwdLstmLanguageModel network;
        if (options.artifact != null) {
            artifact = ModelArtifact.read(options.artifact, device);
            network = artifact.block();
        } else {
            Engine.getEngine("PyTorch").setRandomSeed((int) options.seed);
            network = AwdLstmLanguageModel.builder().setVocabularySize(options.vocabularySize).setConfig(options.config)
                    .build();
            model = Model.newInstance("generation-benchmark", device, "PyTorch");
            model.setBlock(network);
            network.initialize(model.getNDManager());
        }
        try (BatchSampler sampler = BatchSampler.builder().setModel(network).optProductOrder(options.productOrder).build()) {
            System.out.printf(Locale.ROOT, "size=%s vocabulary=%d parameters=%,d samples=%d tokens=%d intra-op-threads=%d "
                            + "products=%s device=%s OMP_WAIT_POLICY=%s%n",
                    options.artifact != null ? options.artifact.toString() : options.size, network.vocabularySize(),
                    network.config().parameterCount(network.vocabularySize()), options.samples, options.tokens,
                    TorchThreads.intraOpThreads(), options.productOrder, device, System.getenv("OMP_WAIT_POLICY"));

            fast(sampler, options.samples, WARMUP_TOKENS, options.seed);
            GenerationResult result = fast(sampler, options.samples, options.tokens, options.seed);
            System.out.printf(Locale.ROOT, "fast: steps=%d ms/step=%.3f tokens/s=%.1f priming=%.1f ms total=%.2f s%n",
                    result.steps(), result.millisPerStep(), result.tokensPerSecond(), result.priming().toNanos() / 1e6,
                    (result.priming().toNanos() + result.sampling().toNanos()) / 1e9);

            if (options.naive) {
                naive(network, options.samples, WARMUP_TOKENS, options.seed);
                double[] naive = naive(network, options.samples, options.tokens, options.seed);
                System.out.printf(Locale.ROOT, "naive: steps=%d ms/step=%.3f tokens/s=%.1f%n", options.tokens, naive[0],
                        naive[1]);
                System.out.printf(Locale.ROOT, "speed-up=%.2fx%n", naive[0] / result.millisPerStep());
            }
        } finally {
            if (artifact != null) {
                artifact.close();
            }
            if (model != null) {
                model.close();
            }
        }
    }

    private static GenerationResult fast(BatchSampler sampler, int samples, int tokens, long seed) {
        return sampler.generate(GenerationRequest.builder().setCount(samples).setLength(tokens).optSeed(seed)
                .optSettings(SamplingSettings.clara()).build());
    }

    /** The per-token block loop; returns {ms per step, tokens per second}. */
    private static double[] naive(AwdLstmLanguageModel network, int samples, int tokens, long seed) {
        SamplingSettings settings = SamplingSettings.clara();
        int vocabulary = network.vocabularySize();
        SplittableRandom random = new SplittableRandom(seed);
        float[] probabilities = new float[samples * vocabulary];
        long[] ids = new long[samples];
        java.util.Arrays.fill(ids, Vocabulary.PIECE_START_ID);
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        NDManager base = network.embedding().getArray().getManager();
        long started = System.nanoTime();
        try (NDManager run = base.newSubManager()) {
            NDManager step = run.newSubManager();
            RecurrentState state = network.zeroState(step, samples);
            for (int t = 0; t < tokens; t++) {
                NDManager next = run.newSubManager();
                for (NDArray array : state.arrays()) {
                    array.attach(next);
                }
                NDArray input = next.create(ids, new Shape(samples, 1));
                LanguageModelOutput output = network.forward(new ParameterStore(next, false), input, state, false);
                FloatBuffer buffer = output.logits().softmax(-1).toByteBuffer(true).asFloatBuffer();
                buffer.get(probabilities);
                for (int sample = 0; sample < samples; sample++) {
                    ids[sample] = claraChoice(probabilities, sample * vocabulary, vocabulary, settings, random);
                }
                state = output.state();
                step.close();
                step = next;
            }
            step.close();
        } finally {
            JniUtils.setGradMode(gradMode);
        }
        double millisPerStep = (System.nanoTime() - started) / 1e6 / tokens;
        return new double[] {millisPerStep, samples * 1000.0 / millisPerStep};
    }

    /** Clara's choice on a row of probabilities: the argmax, or a draw among the trunc most likely. */
    private static int claraChoice(float[] probabilities, int offset, int vocabulary, SamplingSettings settings,
            SplittableRandom random) {
        int trunc = Math.min(settings.trunc(), vocabulary);
        int[] top = new int[trunc];
        int count = 0;
        for (int id = 0; id < vocabulary; id++) {
            float p = probabilities[offset + id];
            int position;
            if (count < trunc) {
                position = count++;
            } else if (p > probabilities[offset + top[trunc - 1]]) {
                position = trunc - 1;
            } else {
                continue;
            }
            while (position > 0 && probabilities[offset + top[position - 1]] < p) {
                top[position] = top[position - 1];
                position--;
            }
            top[position] = id;
        }
        if (random.nextDouble() >= settings.randomFreq()) {
            return top[0];
        }
        double total = 0;
        for (int j = 0; j < count; j++) {
            total += probabilities[offset + top[j]];
        }
        double target = random.nextDouble() * total;
        for (int j = 0; j < count; j++) {
            target -= probabilities[offset + top[j]];
            if (target < 0) {
                return top[j];
            }
        }
        return top[count - 1];
    }

    private static final class Options {
        String size = "clara";
        LanguageModelConfig config;
        int samples = 16;
        int tokens = 2000;
        int threads;
        int vocabularySize = 200;
        Path artifact;
        boolean naive;
        long seed = 42;
        ProductOrder productOrder = ProductOrder.AUTO;

        static Options parse(String[] args) {
            Options options = new Options();
            for (int i = 0; i < args.length; i++) {
                String name = args[i];
                if (name.equals("--naive")) {
                    options.naive = true;
                    continue;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("option " + name + " needs a value");
                }
                String value = args[++i];
                switch (name) {
                    case "--size" -> options.size = value;
                    case "--samples" -> options.samples = Integer.parseInt(value);
                    case "--tokens" -> options.tokens = Integer.parseInt(value);
                    case "--threads" -> options.threads = Integer.parseInt(value);
                    case "--vocab" -> options.vocabularySize = Integer.parseInt(value);
                    case "--artifact" -> options.artifact = Path.of(value);
                    case "--seed" -> options.seed = Long.parseLong(value);
                    case "--products" -> options.productOrder = ProductOrder.valueOf(value.toUpperCase(Locale.ROOT).replace('-', '_'));
                    default -> throw new IllegalArgumentException("unknown option " + name
                            + ": use --size, --samples, --tokens, --threads, --vocab, --artifact, --naive, --seed, --products");
                }
            }
            options.config = switch (options.size) {
                case "tiny" -> LanguageModelConfig.builder().optEmbeddingSize(64).optHiddenSize(256).optLayers(2).build();
                case "clara" -> LanguageModelConfig.clara();
                default -> throw new IllegalArgumentException("unknown size " + options.size + ": use tiny or clara");
            };
            if (options.samples < 1 || options.tokens < 1 || options.threads < 0) {
                throw new IllegalArgumentException("samples and tokens must be positive and threads not negative");
            }
            return options;
        }
    }
}
