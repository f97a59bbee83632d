package dev.clara.music.encoding;

import dev.clara.music.Part;

import java.util.Arrays;
import java.util.List;

/**
 * What a well-formed notewise stream may say next, for grammar-aware sampling. Not allowed: an end of a key that is
 * not sounding, an end in the very step its note started (it would have no length), a start of a key already
 * sounding, a wait outside 1..2·sampleFreq, and any token outside the encoding's vocabulary.
 *
 * <p>Built for the sampling loop (every step, many parallel streams, vocabularies of a few hundred tokens): compile
 * the model's vocabulary once with {@link #compile(List)} and call {@link #mask(CompiledVocabulary, boolean[])},
 * which reads two small arrays per entry and allocates nothing. One grammar per stream; not thread-safe.
 *
 * <p>{@link #accept(String)} follows the decoder on anything, so a prompt with malformed tokens leaves the grammar in
 * the state the decoder would be in.
 */
public final class NotewiseGrammar {

    private final EncodingSpec spec;
    private final NotewiseVocabulary vocabulary;
    private final int range;
    // Per slot (part * range + key): the step the sounding note started, or -1.
    private final long[] openSince;
    private int soundingCount;
    private long step;
    private CompiledVocabulary lastCompiled;

    public NotewiseGrammar(EncodingSpec spec) {
        this.spec = spec;
        this.vocabulary = NotewiseVocabulary.of(spec);
        this.range = spec.range();
        this.openSince = new long[2 * range];
        Arrays.fill(openSince, -1);
    }

    private NotewiseGrammar(NotewiseGrammar other) {
        this.spec = other.spec;
        this.vocabulary = other.vocabulary;
        this.range = other.range;
        this.openSince = other.openSince.clone();
        this.soundingCount = other.soundingCount;
        this.step = other.step;
        this.lastCompiled = other.lastCompiled;
    }

    /** An independent copy, e.g. for beam search. */
    public NotewiseGrammar copy() {
        return new NotewiseGrammar(this);
    }

    /** Back to the start of a stream: nothing sounding, step 0. */
    public void reset() {
        Arrays.fill(openSince, -1);
        soundingCount = 0;
        step = 0;
    }

    public EncodingSpec spec() {
        return spec;
    }

    /** Steps elapsed so far. */
    public long step() {
        return step;
    }

    public boolean allows(String token) {
        return allows(vocabulary.parsed(token));
    }

    public boolean allows(NotewiseToken token) {
        if (!token.fits(spec)) {
            return false;
        }
        return switch (token.kind()) {
            case START -> openSince[slot(token.part(), token.key())] < 0;
            case END -> {
                long since = openSince[slot(token.part(), token.key())];
                yield since >= 0 && since < step;
            }
            case WAIT -> true;
            case UNKNOWN -> false;
        };
    }

    /** Whether some token of this kind is allowed now (a start needs a silent key, an end a sounding older note). */
    public boolean allowsTokenKind(NotewiseToken.Kind kind) {
        return switch (kind) {
            case WAIT -> true;
            case UNKNOWN -> false;
            case START -> soundingCount < range * (spec.chamber() ? 2 : 1);
            case END -> {
                for (long since : openSince) {
                    if (since >= 0 && since < step) {
                        yield true;
                    }
                }
                yield false;
            }
        };
    }

    /** Moves past a token, as the decoder reads it: disallowed tokens change nothing or repair as decoding does. */
    public void accept(String token) {
        accept(vocabulary.parsed(token));
    }

    public void accept(NotewiseToken token) {
        if (!token.fits(spec)) {
            return;
        }
        switch (token.kind()) {
            case WAIT -> step += token.steps();
            case START -> {
                int slot = slot(token.part(), token.key());
                if (openSince[slot] < 0) {
                    soundingCount++;
                }
                openSince[slot] = step;
            }
            case END -> {
                int slot = slot(token.part(), token.key());
                if (openSince[slot] >= 0) {
                    soundingCount--;
                    openSince[slot] = -1;
                }
            }
            case UNKNOWN -> {
            }
        }
    }

    public boolean isSounding(Part part, int key) {
        return openSince[slot(part, key)] >= 0;
    }

    /** The sounding keys of a part, ascending. */
    public int[] soundingKeys(Part part) {
        int base = part == Part.SOLO ? range : 0;
        int[] keys = new int[range];
        int n = 0;
        for (int key = 0; key < range; key++) {
            if (openSince[base + key] >= 0) {
                keys[n++] = key;
            }
        }
        return Arrays.copyOf(keys, n);
    }

    public int soundingCount() {
        return soundingCount;
    }

    /** Compiles a model vocabulary (which may hold specials and tokens of other encodings) for {@link #mask}. */
    public CompiledVocabulary compile(List<String> modelVocabulary) {
        return new CompiledVocabulary(modelVocabulary, spec);
    }

    /** {@code out[i]} = whether {@code vocabulary.get(i)} is allowed now; allocation-free. */
    public void mask(CompiledVocabulary compiled, boolean[] out) {
        if (!compiled.spec.equals(spec)) {
            throw new IllegalArgumentException("vocabulary compiled for " + compiled.spec.id() + ", grammar is "
                    + spec.id());
        }
        int[] slots = compiled.slot;
        byte[] kinds = compiled.kind;
        for (int i = 0; i < slots.length; i++) {
            switch (kinds[i]) {
                case CompiledVocabulary.WAIT -> out[i] = true;
                case CompiledVocabulary.START -> out[i] = openSince[slots[i]] < 0;
                case CompiledVocabulary.END -> {
                    long since = openSince[slots[i]];
                    out[i] = since >= 0 && since < step;
                }
                default -> out[i] = false;
            }
        }
    }

    /** A fresh mask over a vocabulary; compiles it on first use and whenever a different list is passed. */
    public boolean[] mask(List<String> modelVocabulary) {
        if (lastCompiled == null || lastCompiled.source != modelVocabulary) {
            lastCompiled = compile(modelVocabulary);
        }
        boolean[] out = new boolean[modelVocabulary.size()];
        mask(lastCompiled, out);
        return out;
    }

    private int slot(Part part, int key) {
        return (part == Part.SOLO ? range : 0) + key;
    }

    /** A model vocabulary taken apart once, so that masking reads arrays instead of parsing strings. */
    public static final class CompiledVocabulary {
        static final byte UNKNOWN = 0;
        static final byte START = 1;
        static final byte END = 2;
        static final byte WAIT = 3;

        private final List<String> source;
        private final EncodingSpec spec;
        private final byte[] kind;
        private final int[] slot;

        private CompiledVocabulary(List<String> source, EncodingSpec spec) {
            this.source = source;
            this.spec = spec;
            int n = source.size();
            kind = new byte[n];
            slot = new int[n];
            for (int i = 0; i < n; i++) {
                NotewiseToken token = NotewiseToken.parse(source.get(i));
                if (!token.fits(spec)) {
                    continue;
                }
                kind[i] = switch (token.kind()) {
                    case START -> START;
                    case END -> END;
                    case WAIT -> WAIT;
                    case UNKNOWN -> UNKNOWN;
                };
                if (token.kind() == NotewiseToken.Kind.START || token.kind() == NotewiseToken.Kind.END) {
                    slot[i] = (token.part() == Part.SOLO ? spec.range() : 0) + token.key();
                }
            }
        }

        public int size() {
            return kind.length;
        }
    }
}
