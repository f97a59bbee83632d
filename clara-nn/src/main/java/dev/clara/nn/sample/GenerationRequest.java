package dev.clara.nn.sample;

import dev.clara.nn.data.Vocabulary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;

/**
 * What to generate: how many samples, how long, from which prompt, how tokens are chosen, under
 * which grammar, and who is told about progress. Immutable; the arrays it is given are copied.
 *
 * <pre>
 *   GenerationRequest.builder().setCount(16).setLength(2000)
 *       .optSettings(SamplingSettings.clara()).optSeed(42)
 *       .optConstraints((sample, prompt) -&gt; grammar.start(prompt))
 *       .optStopCondition((sample, token) -&gt; durations[sample].add(token) &gt;= target)
 *       .optListener(progress -&gt; emit(progress), 50)
 *       .optCancellation(cancelled::get)
 *       .build();
 * </pre>
 */
public final class GenerationRequest {

    private static final int[] PIECE_START = {Vocabulary.PIECE_START_ID};

    private final int count;
    private final int[] lengths;
    private final List<int[]> prompts;
    private final SamplingSettings settings;
    private final Long seed;
    private final TokenConstraintFactory constraints;
    private final StopCondition stopCondition;
    private final GenerationListener listener;
    private final int listenerInterval;
    private final BooleanSupplier cancellation;

    private GenerationRequest(Builder builder, int[] lengths, List<int[]> prompts) {
        this.count = builder.count;
        this.lengths = lengths;
        this.prompts = prompts;
        this.settings = builder.settings;
        this.seed = builder.seed;
        this.constraints = builder.constraints;
        this.stopCondition = builder.stopCondition;
        this.listener = builder.listener;
        this.listenerInterval = builder.listenerInterval;
        this.cancellation = builder.cancellation;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The number of samples, generated together as one batch. */
    public int count() {
        return count;
    }

    /** The length target in tokens of a sample (the prompt not counted). */
    public int length(int sample) {
        return lengths[sample];
    }

    /** The longest length target: the most sampling steps the request can take. */
    public int maxLength() {
        return Arrays.stream(lengths).max().orElse(0);
    }

    /** The ids a sample is primed with; {@code [<bos>]} unless the request gave a prompt. Not to be modified. */
    public int[] prompt(int sample) {
        return prompts.get(sample);
    }

    public SamplingSettings settings() {
        return settings;
    }

    public OptionalLong seed() {
        return seed == null ? OptionalLong.empty() : OptionalLong.of(seed);
    }

    /** Null when samples are unconstrained. */
    public TokenConstraintFactory constraints() {
        return constraints;
    }

    /** Null when only the length targets end samples. */
    public StopCondition stopCondition() {
        return stopCondition;
    }

    /** Null when nobody listens. */
    public GenerationListener listener() {
        return listener;
    }

    public int listenerInterval() {
        return listenerInterval;
    }

    /** Never null; answers false when the request cannot be cancelled. */
    public BooleanSupplier cancellation() {
        return cancellation;
    }

    /** Builds a {@link GenerationRequest}; the count and the length are required. */
    public static final class Builder {

        private int count;
        private int length;
        private int[] lengths;
        private int[] sharedPrompt;
        private List<int[]> prompts;
        private SamplingSettings settings = SamplingSettings.clara();
        private Long seed;
        private TokenConstraintFactory constraints;
        private StopCondition stopCondition;
        private GenerationListener listener;
        private int listenerInterval = 1;
        private BooleanSupplier cancellation = () -> false;

        private Builder() {}

        /** The number of samples. */
        public Builder setCount(int count) {
            this.count = count;
            return this;
        }

        /** The same length target, in tokens, for every sample. */
        public Builder setLength(int length) {
            this.length = length;
            this.lengths = null;
            return this;
        }

        /** One length target per sample, instead of {@link #setLength(int)}. */
        public Builder optLengths(int[] lengths) {
            this.lengths = lengths.clone();
            return this;
        }

        /**
         * One prompt for every sample, e.g. {@code <bos>} followed by the opening of a piece; it is run
         * through the network once. Default {@code [<bos>]}, how every piece starts in training.
         */
        public Builder optPrompt(int[] prompt) {
            this.sharedPrompt = prompt.clone();
            this.prompts = null;
            return this;
        }

        /** One prompt per sample, of any lengths, instead of {@link #optPrompt(int[])}. */
        public Builder optPrompts(List<int[]> prompts) {
            List<int[]> copies = new ArrayList<>(prompts.size());
            for (int[] prompt : prompts) {
                copies.add(prompt.clone());
            }
            this.prompts = copies;
            this.sharedPrompt = null;
            return this;
        }

        public Builder optSettings(SamplingSettings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /** Makes the request reproducible; without one a seed is drawn and reported in the result. */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Per-sample grammar; forbidden tokens get probability 0. */
        public Builder optConstraints(TokenConstraintFactory constraints) {
            this.constraints = constraints;
            return this;
        }

        /** Ends samples early, e.g. on a duration target; a sample also ends at its length target. */
        public Builder optStopCondition(StopCondition stopCondition) {
            this.stopCondition = stopCondition;
            return this;
        }

        /**
         * Reports progress every {@code everySteps} sampling steps, and once more when generation ends.
         */
        public Builder optListener(GenerationListener listener, int everySteps) {
            this.listener = listener;
            this.listenerInterval = everySteps;
            return this;
        }

        /**
         * Checked before every sampling step (as is the thread's interrupt flag): when it answers true
         * the loop stops and the samples keep what they have.
         */
        public Builder optCancellation(BooleanSupplier cancellation) {
            this.cancellation = Objects.requireNonNull(cancellation, "cancellation");
            return this;
        }

        /** @throws IllegalArgumentException with the reason when the request cannot be run */
        public GenerationRequest build() {
            if (count < 1) {
                throw new IllegalArgumentException("the number of samples must be at least 1, was " + count);
            }
            int[] resolvedLengths;
            if (lengths == null) {
                if (length < 1) {
                    throw new IllegalArgumentException("the length target must be at least 1 token, was " + length);
                }
                resolvedLengths = new int[count];
                Arrays.fill(resolvedLengths, length);
            } else if (lengths.length != count) {
                throw new IllegalArgumentException("expected one length per sample (" + count + "), got "
                        + lengths.length);
            } else {
                resolvedLengths = lengths.clone();
            }
            for (int sample = 0; sample < count; sample++) {
                if (resolvedLengths[sample] < 1) {
                    throw new IllegalArgumentException("sample " + sample + "'s length target must be at least 1 token, was "
                            + resolvedLengths[sample]);
                }
            }
            List<int[]> resolvedPrompts = new ArrayList<>(count);
            if (prompts == null) {
                int[] prompt = sharedPrompt == null || sharedPrompt.length == 0 ? PIECE_START : sharedPrompt;
                for (int sample = 0; sample < count; sample++) {
                    resolvedPrompts.add(prompt);
                }
            } else if (prompts.size() != count) {
                throw new IllegalArgumentException("expected one prompt per sample (" + count + "), got " + prompts.size());
            } else {
                for (int[] prompt : prompts) {
                    resolvedPrompts.add(prompt.length == 0 ? PIECE_START : prompt);
                }
            }
            for (int[] prompt : resolvedPrompts) {
                for (int id : prompt) {
                    if (id < 0) {
                        throw new IllegalArgumentException("prompt token ids must not be negative, got " + id);
                    }
                }
            }
            if (listener != null && listenerInterval < 1) {
                throw new IllegalArgumentException("the listener's interval must be at least 1 step, was " + listenerInterval);
            }
            return new GenerationRequest(this, resolvedLengths, List.copyOf(resolvedPrompts));
        }
    }
}
