package dev.clara.nn.sample;

import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import dev.clara.nn.model.AwdLstmLanguageModel;
import java.nio.FloatBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Generates a request's samples together, as one batch, from a trained generator.
 *
 * <pre>
 *   try (ModelArtifact artifact = store.load(versionId);
 *           BatchSampler sampler = BatchSampler.builder().setModel(artifact.block()).build()) {
 *       GenerationResult result = sampler.generate(GenerationRequest.builder().setCount(16).setLength(2000)
 *               .optSeed(42).build());
 *   }
 * </pre>
 *
 * <p>Each request runs its prompts through the model's block ({@link LstmInferenceCell#prime}), then
 * loops: copy the batch's [rows, vocabulary] logits to Java (the only device-to-host copy of a step),
 * choose every sample's token in Java ({@link TokenChooser}, with the sample's {@link TokenConstraint}
 * and its own random stream), append it, and advance the {@link LstmInferenceCell} by one token for
 * the whole batch. Every array a step makes lives on that step's sub-manager, which is closed at the
 * next step, so a request holds two steps' worth of arrays whatever its length. When half of the rows
 * have finished, the finished ones are dropped from the batch so that they stop costing.
 *
 * <p>Reproducibility: sample {@code i} draws from its own {@link SplittableRandom} seeded from the
 * request's seed and {@code i} ({@link #sampleRandom}), two draws per step, so the same request with
 * the same seed yields the same token ids on the same machine and thread count (the engine's matrix
 * products may round differently elsewhere).
 *
 * <p>Thread-safety: a sampler is meant to be built once per loaded model. {@link #generate} may be
 * called from several threads at once: each call runs on its caller's thread with its own managers,
 * random streams and buffers, and only reads the prepared weights. Each call switches autograd off for
 * its own thread while it runs (libtorch's grad mode is per thread) and restores it afterwards.
 */
public final class BatchSampler implements AutoCloseable {

    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    private final LstmInferenceCell cell;
    private final boolean compaction;

    private BatchSampler(LstmInferenceCell cell, boolean compaction) {
        this.cell = cell;
        this.compaction = compaction;
    }

    public static Builder builder() {
        return new Builder();
    }

    public LstmInferenceCell cell() {
        return cell;
    }

    /** Owns the prepared weights; each request's arrays live on a sub-manager of it while it runs. */
    public NDManager manager() {
        return cell.manager();
    }

    public int vocabularySize() {
        return cell.vocabularySize();
    }

    /**
     * The random stream of one sample: {@link SplittableRandom} seeded with SplitMix64's finaliser of
     * {@code seed + (sample + 1)·γ}, so that neighbouring samples (and neighbouring seeds) get unrelated
     * streams rather than shifted copies of one another.
     */
    public static SplittableRandom sampleRandom(long seed, int sample) {
        long z = seed + (sample + 1L) * GOLDEN_GAMMA;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return new SplittableRandom(z ^ (z >>> 31));
    }

    /**
     * Generates the request's samples on the calling thread; returns when every sample has ended or
     * the request was cancelled.
     *
     * @throws IllegalArgumentException when a prompt holds an id outside the vocabulary
     */
    public GenerationResult generate(GenerationRequest request) {
        long started = System.nanoTime();
        int count = request.count();
        int vocabulary = cell.vocabularySize();
        long seed = request.seed().orElseGet(() -> new SplittableRandom().nextLong());
        Run run = new Run(request, vocabulary, seed, started);
        List<int[]> prompts = new ArrayList<>(count);
        for (int sample = 0; sample < count; sample++) {
            prompts.add(request.prompt(sample));
        }

        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try (NDManager requestManager = cell.manager().newSubManager()) {
            requestManager.setName("sampler-request");
            NDManager stepManager = requestManager.newSubManager();
            CellStep current = cell.prime(prompts, stepManager);
            long primed = System.nanoTime();

            int rows = count;
            int[] sampleOfRow = new int[rows];
            Arrays.setAll(sampleOfRow, row -> row);
            int[] feed = new int[rows];
            float[] logits = new float[count * vocabulary];
            int steps = 0;
            boolean cancelled = false;
            while (true) {
                if (request.cancellation().getAsBoolean() || Thread.currentThread().isInterrupted()) {
                    cancelled = true;
                    run.cancelRunning();
                    break;
                }
                copyLogits(current, logits, rows * vocabulary);
                for (int row = 0; row < rows; row++) {
                    int sample = sampleOfRow[row];
                    feed[row] = run.isRunning(sample) ? run.chooseNext(sample, logits, row * vocabulary) : feed[row];
                }
                steps++;
                int active = run.running();
                if (active == 0) {
                    break;
                }
                if (request.listener() != null && steps % request.listenerInterval() == 0) {
                    run.report(steps, false);
                }
                NDManager nextManager = requestManager.newSubManager();
                if (compaction && active <= rows / 2) {
                    int[] keep = new int[active];
                    int kept = 0;
                    for (int row = 0; row < rows; row++) {
                        if (run.isRunning(sampleOfRow[row])) {
                            keep[kept++] = row;
                        }
                    }
                    current = cell.select(keep, current, nextManager);
                    int[] keptSamples = new int[active];
                    int[] keptFeed = new int[active];
                    for (int j = 0; j < active; j++) {
                        keptSamples[j] = sampleOfRow[keep[j]];
                        keptFeed[j] = feed[keep[j]];
                    }
                    sampleOfRow = keptSamples;
                    feed = keptFeed;
                    rows = active;
                }
                current = cell.step(feed, current, nextManager);
                stepManager.close();
                stepManager = nextManager;
            }
            long finished = System.nanoTime();
            if (request.listener() != null) {
                run.report(steps, true);
            }
            return new GenerationResult(run.samples(), seed, steps, cancelled, Duration.ofNanos(primed - started),
                    Duration.ofNanos(finished - primed));
        } finally {
            JniUtils.setGradMode(gradMode);
        }
    }

    /** Frees the prepared weights; the model itself belongs to its owner. */
    @Override
    public void close() {
        cell.close();
    }

    @Override
    public String toString() {
        return "BatchSampler(" + cell + ")";
    }

    /** The one device-to-host copy of a step: [rows, vocabulary] logits into a reused array. */
    private static void copyLogits(CellStep step, float[] target, int length) {
        FloatBuffer buffer = step.logits().toByteBuffer(true).asFloatBuffer();
        buffer.get(target, 0, length);
    }

    /** One request's per-sample bookkeeping: tokens, constraints, random streams and counts. */
    private static final class Run {

        private final GenerationRequest request;
        private final long started;
        private final TokenChooser chooser;
        private final SplittableRandom[] randoms;
        private final TokenConstraint[] constraints;
        private final boolean[] mask;
        private final int[][] tokens;
        private final int[] lengths;
        private final int[] reported;
        private final SampleStop[] stops;
        private final int[] maskedChoices;
        private final int[] grammarViolations;
        private final int[] emptyMaskSteps;
        private int running;

        Run(GenerationRequest request, int vocabulary, long seed, long started) {
            this.request = request;
            this.started = started;
            int count = request.count();
            this.chooser = new TokenChooser(request.settings(), vocabulary);
            this.randoms = new SplittableRandom[count];
            this.constraints = new TokenConstraint[count];
            this.mask = new boolean[vocabulary];
            this.tokens = new int[count][];
            this.lengths = new int[count];
            this.reported = new int[count];
            this.stops = new SampleStop[count];
            this.maskedChoices = new int[count];
            this.grammarViolations = new int[count];
            this.emptyMaskSteps = new int[count];
            this.running = count;
            for (int sample = 0; sample < count; sample++) {
                randoms[sample] = sampleRandom(seed, sample);
                tokens[sample] = new int[Math.min(request.length(sample), 1024)];
                if (request.constraints() != null) {
                    constraints[sample] = request.constraints().create(sample, request.prompt(sample));
                }
            }
        }

        boolean isRunning(int sample) {
            return stops[sample] == null;
        }

        int running() {
            return running;
        }

        /** Chooses, records and announces one sample's next token; returns it. */
        int chooseNext(int sample, float[] logits, int offset) {
            double u1 = randoms[sample].nextDouble();
            double u2 = randoms[sample].nextDouble();
            TokenConstraint constraint = constraints[sample];
            int token;
            if (constraint == null) {
                token = chooser.choose(logits, offset, null, u1, u2);
            } else {
                Arrays.fill(mask, false);
                constraint.allowed(mask);
                if (!anyAllowed()) {
                    emptyMaskSteps[sample]++;
                    token = chooser.choose(logits, offset, null, u1, u2);
                } else {
                    token = chooser.choose(logits, offset, mask, u1, u2);
                    if (!mask[chooser.choose(logits, offset, null, u1, u2)]) {
                        maskedChoices[sample]++;
                    }
                    if (!mask[chooser.argmax(logits, offset, null)]) {
                        grammarViolations[sample]++;
                    }
                }
                constraint.accept(token);
            }
            append(sample, token);
            if (lengths[sample] >= request.length(sample)) {
                finish(sample, SampleStop.LENGTH);
            } else if (request.stopCondition() != null && request.stopCondition().done(sample, token)) {
                finish(sample, SampleStop.CONDITION);
            }
            return token;
        }

        void cancelRunning() {
            for (int sample = 0; sample < stops.length; sample++) {
                if (stops[sample] == null) {
                    finish(sample, SampleStop.CANCELLED);
                }
            }
        }

        void report(int step, boolean last) {
            int count = tokens.length;
            int[][] copies = new int[count][];
            boolean[] finished = new boolean[count];
            for (int sample = 0; sample < count; sample++) {
                copies[sample] = Arrays.copyOf(tokens[sample], lengths[sample]);
                finished[sample] = stops[sample] != null;
            }
            GenerationProgress progress = new GenerationProgress(step, copies, reported.clone(), finished,
                    Duration.ofNanos(System.nanoTime() - started), last);
            System.arraycopy(lengths, 0, reported, 0, count);
            request.listener().onProgress(progress);
        }

        List<GeneratedSample> samples() {
            List<GeneratedSample> samples = new ArrayList<>(tokens.length);
            for (int sample = 0; sample < tokens.length; sample++) {
                samples.add(new GeneratedSample(sample, Arrays.copyOf(tokens[sample], lengths[sample]),
                        Objects.requireNonNull(stops[sample]), maskedChoices[sample], grammarViolations[sample],
                        emptyMaskSteps[sample]));
            }
            return samples;
        }

        private void finish(int sample, SampleStop stop) {
            stops[sample] = stop;
            running--;
        }

        private boolean anyAllowed() {
            for (boolean allowed : mask) {
                if (allowed) {
                    return true;
                }
            }
            return false;
        }

        private void append(int sample, int token) {
            if (lengths[sample] == tokens[sample].length) {
                tokens[sample] = Arrays.copyOf(tokens[sample],
                        (int) Math.min(request.length(sample), 2L * tokens[sample].length));
            }
            tokens[sample][lengths[sample]++] = token;
        }
    }

    /** Builds a {@link BatchSampler}; the model is required. */
    public static final class Builder {

        private AwdLstmLanguageModel model;
        private boolean compaction = true;
        private ProductOrder productOrder = ProductOrder.AUTO;

        private Builder() {}

        /** The trained generator, e.g. {@code ModelArtifact.block()}; its weights are copied once, here. */
        public Builder setModel(AwdLstmLanguageModel model) {
            this.model = model;
            return this;
        }

        /**
         * Whether finished samples leave the batch once half of its rows have finished (default true).
         * Switching it off keeps every row to the end, for measurements.
         */
        public Builder optCompaction(boolean compaction) {
            this.compaction = compaction;
            return this;
        }

        /**
         * How the cell multiplies weights and batch (default {@link ProductOrder#AUTO}: by the number of
         * libtorch intra-op threads at each step).
         */
        public Builder optProductOrder(ProductOrder productOrder) {
            this.productOrder = Objects.requireNonNull(productOrder, "productOrder");
            return this;
        }

        public BatchSampler build() {
            if (model == null) {
                throw new IllegalArgumentException("the model is required");
            }
            return new BatchSampler(LstmInferenceCell.prepare(model, productOrder), compaction);
        }
    }
}
