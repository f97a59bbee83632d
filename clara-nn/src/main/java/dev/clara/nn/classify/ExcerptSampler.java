package dev.clara.nn.classify;

import dev.clara.nn.data.TokenAugmenter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Cuts labelled pieces into the excerpts a {@link SequenceClassifier} trains on, as Clara's critic
 * and composer models were trained: windows of {@code excerptLength} tokens (the classifier's
 * {@code bptt}).
 *
 * <p>A piece of {@code n} tokens gives {@code ⌊n / L⌋} non-overlapping windows of {@code L} tokens
 * starting at a random offset in {@code [0, n mod L]}, so that over several samplings every part of
 * the piece is seen; a piece no longer than {@code L} is one excerpt of its own length. At most
 * {@code maxExcerptsPerPiece} windows, chosen at random, are kept per piece and key, so that a few
 * long pieces do not outweigh many short ones. With an {@link IdTransposer} every piece is cut in
 * all twelve keys ({@link TokenAugmenter#LOWEST_SHIFT}..{@link TokenAugmenter#HIGHEST_SHIFT}), each
 * key with its own offset.
 *
 * <p>With oversampling, every class is topped up to the size of the largest by repeating its own
 * excerpts in a shuffled order (each repeated as evenly as possible); the alternative against
 * imbalance is a class-weighted loss ({@link ClassifierConfig#weightClasses()}).
 *
 * <p>Sampling is deterministic: each piece and key draws from a generator seeded by the seed, the
 * piece's position and the key, so the same pieces and seed give the same excerpts, and a piece's
 * excerpts do not change when other pieces are added.
 */
public final class ExcerptSampler {

    private final int excerptLength;
    private final int maxExcerptsPerPiece;
    private final IdTransposer transposer;
    private final boolean oversample;
    private final long seed;

    private ExcerptSampler(Builder builder) {
        this.excerptLength = builder.excerptLength;
        this.maxExcerptsPerPiece = builder.maxExcerptsPerPiece;
        this.transposer = builder.transposer;
        this.oversample = builder.oversample;
        this.seed = builder.seed;
    }

    public static Builder builder() {
        return new Builder();
    }

    public int excerptLength() {
        return excerptLength;
    }

    /**
     * Cuts every piece (in every key, with a transposer) into excerpts, then balances the classes
     * when asked to.
     *
     * @param pieces the labelled pieces; empty pieces are skipped
     * @return the excerpts, piece by piece and key by key, then the repeats that balance the classes
     */
    public List<Excerpt> sample(List<LabelledPiece> pieces) {
        List<Excerpt> excerpts = new ArrayList<>();
        for (int p = 0; p < pieces.size(); p++) {
            LabelledPiece piece = pieces.get(p);
            if (transposer == null) {
                cut(piece.ids(), piece.label(), new Random(mix(p, 0)), excerpts);
                continue;
            }
            for (int shift = TokenAugmenter.LOWEST_SHIFT; shift <= TokenAugmenter.HIGHEST_SHIFT; shift++) {
                int[] ids = shift == 0 ? piece.ids() : transposer.transpose(piece.ids(), shift);
                cut(ids, piece.label(), new Random(mix(p, shift)), excerpts);
            }
        }
        return oversample ? balance(excerpts) : excerpts;
    }

    /** The start of every window cut from a piece of {@code length} tokens, in order. */
    int[] windowStarts(int length, Random random) {
        if (length <= excerptLength) {
            return new int[] {0};
        }
        int count = length / excerptLength;
        int offset = random.nextInt(length - count * excerptLength + 1);
        List<Integer> starts = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            starts.add(offset + k * excerptLength);
        }
        if (maxExcerptsPerPiece > 0 && count > maxExcerptsPerPiece) {
            Collections.shuffle(starts, random);
            starts = new ArrayList<>(starts.subList(0, maxExcerptsPerPiece));
            Collections.sort(starts);
        }
        return starts.stream().mapToInt(Integer::intValue).toArray();
    }

    private void cut(int[] ids, int label, Random random, List<Excerpt> out) {
        if (ids.length == 0) {
            return;
        }
        for (int start : windowStarts(ids.length, random)) {
            out.add(new Excerpt(Arrays.copyOfRange(ids, start, Math.min(ids.length, start + excerptLength)), label));
        }
    }

    private List<Excerpt> balance(List<Excerpt> excerpts) {
        int classes = excerpts.stream().mapToInt(Excerpt::label).max().orElse(-1) + 1;
        List<List<Excerpt>> byClass = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            byClass.add(new ArrayList<>());
        }
        excerpts.forEach(excerpt -> byClass.get(excerpt.label()).add(excerpt));
        int largest = byClass.stream().mapToInt(List::size).max().orElse(0);
        List<Excerpt> balanced = new ArrayList<>(excerpts);
        for (int c = 0; c < classes; c++) {
            List<Excerpt> own = new ArrayList<>(byClass.get(c));
            if (own.isEmpty()) {
                continue;
            }
            Collections.shuffle(own, new Random(mix(-1 - c, 0)));
            for (int i = 0; i < largest - own.size(); i++) {
                balanced.add(own.get(i % own.size()));
            }
        }
        return balanced;
    }

    /** How many excerpts each class has. */
    public static int[] countLabels(List<Excerpt> excerpts, int classes) {
        int[] counts = new int[classes];
        for (Excerpt excerpt : excerpts) {
            if (excerpt.label() >= classes) {
                throw new IllegalArgumentException("class index " + excerpt.label() + " outside the " + classes + " classes");
            }
            counts[excerpt.label()]++;
        }
        return counts;
    }

    /** A seed for one piece and key, spread by SplitMix64 so that neighbouring pieces draw unrelated offsets. */
    private long mix(int piece, int shift) {
        long z = seed + 0x9E3779B97F4A7C15L * (piece * 31L + shift + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Builds an {@link ExcerptSampler}; the excerpt length is required. */
    public static final class Builder {

        private int excerptLength;
        private int maxExcerptsPerPiece;
        private IdTransposer transposer;
        private boolean oversample;
        private long seed;

        private Builder() {}

        /** The excerpt length in tokens: the classifier's {@code bptt}. */
        public Builder setExcerptLength(int excerptLength) {
            this.excerptLength = excerptLength;
            return this;
        }

        /** Keeps at most this many windows per piece and key; 0 (the default) keeps all. */
        public Builder optMaxExcerptsPerPiece(int maxExcerptsPerPiece) {
            this.maxExcerptsPerPiece = maxExcerptsPerPiece;
            return this;
        }

        /** Cuts every piece in all twelve keys. */
        public Builder optTransposer(IdTransposer transposer) {
            this.transposer = transposer;
            return this;
        }

        /** Repeats excerpts of the smaller classes until every class is as large as the largest. */
        public Builder optOversample(boolean oversample) {
            this.oversample = oversample;
            return this;
        }

        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        public ExcerptSampler build() {
            if (excerptLength < 1) {
                throw new IllegalArgumentException("the excerpt length must be at least 1, was " + excerptLength);
            }
            if (maxExcerptsPerPiece < 0) {
                throw new IllegalArgumentException("maxExcerptsPerPiece must be 0 (no cap) or more, was "
                        + maxExcerptsPerPiece);
            }
            return new ExcerptSampler(this);
        }
    }
}
