package dev.clara.nn.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Lays a corpus out for truncated back-propagation through time, as fastai's language-model loader
 * does: the pieces are concatenated with {@code <bos>} before each, cut into {@code batchSize}
 * contiguous streams, and read in consecutive windows of about {@code bptt} steps.
 *
 * <p>With length jitter (fastai v1), a window is {@code bptt} long with probability 0.95 and
 * {@code bptt/2} otherwise, then perturbed by a normal draw with σ = 5 and floored at 5, so that
 * window boundaries fall at different places in each epoch.
 */
public final class TokenStreamBatcher {

    private static final double FULL_LENGTH_PROBABILITY = 0.95;
    private static final double JITTER_SIGMA = 5;
    private static final int MIN_JITTERED_LENGTH = 5;

    private final int batchSize;
    private final int bptt;
    private final boolean lengthJitter;

    private TokenStreamBatcher(Builder builder) {
        this.batchSize = builder.batchSize;
        this.bptt = builder.bptt;
        this.lengthJitter = builder.lengthJitter;
    }

    public static Builder builder() {
        return new Builder();
    }

    public int batchSize() {
        return batchSize;
    }

    public int bptt() {
        return bptt;
    }

    /**
     * Concatenates the pieces, each preceded by {@code <bos>}, and cuts the result into streams;
     * the tail that does not fill every stream is dropped, as in fastai.
     *
     * @throws IllegalArgumentException if the corpus cannot give every stream one (input, target) pair
     */
    public TokenStreams arrange(List<int[]> pieces) {
        long total = 0;
        for (int[] piece : pieces) {
            total += piece.length + 1;
        }
        long streamLength = total / batchSize;
        if (streamLength < 2) {
            throw new IllegalArgumentException("a corpus of " + total + " tokens is too small for " + batchSize
                    + " streams: it needs at least " + 2L * batchSize);
        }
        if (streamLength * batchSize > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a corpus of " + total + " tokens does not fit in one epoch's buffer");
        }
        int[] data = new int[(int) (streamLength * batchSize)];
        int position = 0;
        outer:
        for (int[] piece : pieces) {
            if (position == data.length) {
                break;
            }
            data[position++] = Vocabulary.PIECE_START_ID;
            for (int id : piece) {
                if (position == data.length) {
                    break outer;
                }
                data[position++] = id;
            }
        }
        return new TokenStreams(batchSize, (int) streamLength, data);
    }

    /**
     * The consecutive windows over streams of the given length; the last one is shorter when the
     * streams do not divide evenly.
     *
     * @param random draws the jittered lengths; unused without jitter
     */
    public List<TokenWindow> windows(int streamLength, Random random) {
        List<TokenWindow> windows = new ArrayList<>();
        int start = 0;
        int usable = streamLength - 1;
        while (start < usable) {
            int length = Math.min(nextLength(random), usable - start);
            windows.add(new TokenWindow(windows.size(), start, length));
            start += length;
        }
        return windows;
    }

    private int nextLength(Random random) {
        if (!lengthJitter) {
            return bptt;
        }
        double base = random.nextDouble() < FULL_LENGTH_PROBABILITY ? bptt : bptt / 2.0;
        return Math.max(MIN_JITTERED_LENGTH, (int) (base + JITTER_SIGMA * random.nextGaussian()));
    }

    /** Builds a {@link TokenStreamBatcher}; batch size and bptt are required. */
    public static final class Builder {

        private int batchSize;
        private int bptt;
        private boolean lengthJitter;

        private Builder() {}

        public Builder setBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        public Builder setBptt(int bptt) {
            this.bptt = bptt;
            return this;
        }

        /** Varies window lengths as fastai v1 does; off by default. */
        public Builder optLengthJitter(boolean lengthJitter) {
            this.lengthJitter = lengthJitter;
            return this;
        }

        public TokenStreamBatcher build() {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batch size must be at least 1, was " + batchSize);
            }
            if (bptt < 1) {
                throw new IllegalArgumentException("bptt must be at least 1, was " + bptt);
            }
            return new TokenStreamBatcher(this);
        }
    }
}
