package dev.clara.music.encoding;

import dev.clara.music.Part;

import java.util.List;

/**
 * What a well-formed chordwise stream may say next: a token of the spec's length and digits, of the expected part
 * ({@code v} then {@code p} in chamber streams, always {@code p} otherwise), with a {@code 2} (held) only for keys
 * that sounded at that part's previous step.
 *
 * <p>Chordwise vocabularies are the chords seen in training (thousands of tokens); {@link #compile(List)} turns each
 * into a part and a bit set of held keys once, so {@link #mask(CompiledVocabulary, boolean[])} is two AND operations
 * per entry. One grammar per stream; not thread-safe. {@link #accept(String)} follows the decoder on anything.
 */
public final class ChordwiseGrammar {

    private static final int PIANO = 0;
    private static final int SOLO = 1;

    private final EncodingSpec spec;
    private final int range;
    private final boolean chamber;
    // Keys sounding at each part's previous step, as two 64-bit words (range ≤ 128).
    private final long[][] sounding = new long[2][2];
    private int expected;
    private CompiledVocabulary lastCompiled;

    public ChordwiseGrammar(EncodingSpec spec) {
        if (spec.scheme() != Scheme.CHORDWISE) {
            throw new IllegalArgumentException("a chordwise grammar needs a chordwise spec, got " + spec.id());
        }
        this.spec = spec;
        this.range = spec.range();
        this.chamber = spec.chamber();
        this.expected = chamber ? SOLO : PIANO;
    }

    public ChordwiseGrammar copy() {
        ChordwiseGrammar copy = new ChordwiseGrammar(spec);
        for (int part = 0; part < 2; part++) {
            copy.sounding[part][0] = sounding[part][0];
            copy.sounding[part][1] = sounding[part][1];
        }
        copy.expected = expected;
        copy.lastCompiled = lastCompiled;
        return copy;
    }

    public void reset() {
        sounding[PIANO][0] = sounding[PIANO][1] = sounding[SOLO][0] = sounding[SOLO][1] = 0;
        expected = chamber ? SOLO : PIANO;
    }

    public EncodingSpec spec() {
        return spec;
    }

    /** The part whose token comes next. */
    public Part expectedPart() {
        return expected == SOLO ? Part.SOLO : Part.PIANO;
    }

    /** Whether key {@code key} of {@code part} sounded at that part's previous step. */
    public boolean isSounding(Part part, int key) {
        return (sounding[index(part)][key >>> 6] & (1L << (key & 63))) != 0;
    }

    public boolean allows(String token) {
        int part = partOf(token);
        if (part != expected) {
            return false;
        }
        long[] prev = sounding[part];
        for (int key = 0; key < range; key++) {
            if (token.charAt(key + 1) == '2' && (prev[key >>> 6] & (1L << (key & 63))) == 0) {
                return false;
            }
        }
        return true;
    }

    /** Moves past a token as the decoder reads it; malformed tokens change nothing. */
    public void accept(String token) {
        int part = partOf(token);
        if (part < 0) {
            return;
        }
        if (chamber && part != expected) {
            // The decoder reads the other part as silent in the step that lacked it.
            int missing = 1 - part;
            sounding[missing][0] = sounding[missing][1] = 0;
        }
        long low = 0;
        long high = 0;
        for (int key = 0; key < range; key++) {
            if (token.charAt(key + 1) != '0') {
                if (key < 64) {
                    low |= 1L << key;
                } else {
                    high |= 1L << (key - 64);
                }
            }
        }
        sounding[part][0] = low;
        sounding[part][1] = high;
        expected = chamber && part == SOLO ? PIANO : chamber ? SOLO : PIANO;
    }

    public CompiledVocabulary compile(List<String> modelVocabulary) {
        return new CompiledVocabulary(modelVocabulary, spec);
    }

    /** {@code out[i]} = whether {@code vocabulary.get(i)} is allowed now; allocation-free. */
    public void mask(CompiledVocabulary compiled, boolean[] out) {
        if (!compiled.spec.equals(spec)) {
            throw new IllegalArgumentException("vocabulary compiled for " + compiled.spec.id() + ", grammar is "
                    + spec.id());
        }
        long[] prev = sounding[expected];
        long allowedLow = prev[0];
        long allowedHigh = prev[1];
        byte[] parts = compiled.part;
        long[] heldLow = compiled.heldLow;
        long[] heldHigh = compiled.heldHigh;
        for (int i = 0; i < parts.length; i++) {
            out[i] = parts[i] == expected && (heldLow[i] & ~allowedLow) == 0 && (heldHigh[i] & ~allowedHigh) == 0;
        }
    }

    public boolean[] mask(List<String> modelVocabulary) {
        if (lastCompiled == null || lastCompiled.source != modelVocabulary) {
            lastCompiled = compile(modelVocabulary);
        }
        boolean[] out = new boolean[modelVocabulary.size()];
        mask(lastCompiled, out);
        return out;
    }

    /** PIANO or SOLO for a well-formed token of this spec, -1 otherwise. */
    private int partOf(String token) {
        if (token == null || token.length() != range + 1) {
            return -1;
        }
        char letter = token.charAt(0);
        int part = letter == 'p' ? PIANO : letter == 'v' && chamber ? SOLO : -1;
        if (part < 0) {
            return -1;
        }
        for (int i = 1; i <= range; i++) {
            char digit = token.charAt(i);
            if (digit < '0' || digit > '2') {
                return -1;
            }
        }
        return part;
    }

    private static int index(Part part) {
        return part == Part.SOLO ? SOLO : PIANO;
    }

    /** A chordwise model vocabulary taken apart once: each token's part and held keys. */
    public static final class CompiledVocabulary {
        private final List<String> source;
        private final EncodingSpec spec;
        private final byte[] part;
        private final long[] heldLow;
        private final long[] heldHigh;

        private CompiledVocabulary(List<String> source, EncodingSpec spec) {
            this.source = source;
            this.spec = spec;
            ChordwiseGrammar parser = new ChordwiseGrammar(spec);
            int n = source.size();
            part = new byte[n];
            heldLow = new long[n];
            heldHigh = new long[n];
            for (int i = 0; i < n; i++) {
                String token = source.get(i);
                part[i] = (byte) parser.partOf(token);
                if (part[i] < 0) {
                    continue;
                }
                for (int key = 0; key < spec.range(); key++) {
                    if (token.charAt(key + 1) == '2') {
                        if (key < 64) {
                            heldLow[i] |= 1L << key;
                        } else {
                            heldHigh[i] |= 1L << (key - 64);
                        }
                    }
                }
            }
        }

        public int size() {
            return part.length;
        }
    }
}
