package dev.clara.music.encoding;

import dev.clara.music.Part;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every token a notewise encoding can produce, in a fixed order: piano starts {@code p0..p(r-1)}, piano ends
 * {@code endp0..}, then (chamber only) solo starts {@code v0..} and solo ends {@code endv0..}, then
 * {@code wait1..wait(2·sf)}. Model specials ({@code xxbos}, padding) belong to the model's vocabulary, not here.
 *
 * <p>The token strings are created once per spec and shared, so encoders never concatenate strings and hash codes are
 * computed once. Instances are cached per spec and immutable.
 */
public final class NotewiseVocabulary {

    private static final Map<EncodingSpec, NotewiseVocabulary> CACHE = new ConcurrentHashMap<>();

    private final EncodingSpec spec;
    private final String[] tokens;
    private final NotewiseToken[] parsed;
    private final Map<String, Integer> index;
    private final List<String> tokenList;
    private final int soloBase;
    private final int waitBase;

    private NotewiseVocabulary(EncodingSpec spec) {
        this.spec = spec;
        int range = spec.range();
        int parts = spec.chamber() ? 2 : 1;
        soloBase = 2 * range;
        waitBase = 2 * range * parts;
        int size = waitBase + spec.maxWait();
        tokens = new String[size];
        parsed = new NotewiseToken[size];
        for (int p = 0; p < parts; p++) {
            Part part = p == 0 ? Part.PIANO : Part.SOLO;
            int base = p * 2 * range;
            for (int key = 0; key < range; key++) {
                parsed[base + key] = NotewiseToken.start(part, key);
                parsed[base + range + key] = NotewiseToken.end(part, key);
            }
        }
        for (int steps = 1; steps <= spec.maxWait(); steps++) {
            parsed[waitBase + steps - 1] = NotewiseToken.waitSteps(steps);
        }
        index = new HashMap<>(size * 2);
        for (int i = 0; i < size; i++) {
            tokens[i] = parsed[i].text();
            index.put(tokens[i], i);
        }
        tokenList = Collections.unmodifiableList(Arrays.asList(tokens));
    }

    /** The vocabulary of a notewise spec (cached). */
    public static NotewiseVocabulary of(EncodingSpec spec) {
        Objects.requireNonNull(spec, "spec");
        if (spec.scheme() != Scheme.NOTEWISE) {
            throw new IllegalArgumentException("a notewise vocabulary needs a notewise spec, got " + spec.id());
        }
        return CACHE.computeIfAbsent(spec, NotewiseVocabulary::new);
    }

    public EncodingSpec spec() {
        return spec;
    }

    /** All tokens in vocabulary order; unmodifiable. */
    public List<String> tokens() {
        return tokenList;
    }

    /** 2·range (·2 in chamber) + 2·sampleFreq. */
    public int size() {
        return tokens.length;
    }

    /** The index of a token, or -1 when it is not in this vocabulary. */
    public int indexOf(String token) {
        Integer i = token == null ? null : index.get(token);
        return i == null ? -1 : i;
    }

    public String token(int index) {
        return tokens[index];
    }

    /** The parsed form of the token at {@code index}. */
    public NotewiseToken parsed(int index) {
        return parsed[index];
    }

    /** The parsed form of a token, {@link NotewiseToken#UNKNOWN} when it is not in this vocabulary. */
    public NotewiseToken parsed(String token) {
        int i = indexOf(token);
        return i < 0 ? NotewiseToken.UNKNOWN : parsed[i];
    }

    public String startToken(Part part, int key) {
        return tokens[partBase(part) + checkKey(key)];
    }

    public String endToken(Part part, int key) {
        return tokens[partBase(part) + spec.range() + checkKey(key)];
    }

    public String waitToken(int steps) {
        if (steps < 1 || steps > spec.maxWait()) {
            throw new IllegalArgumentException("wait must be 1.." + spec.maxWait() + ", got " + steps);
        }
        return tokens[waitBase + steps - 1];
    }

    private int partBase(Part part) {
        if (part == Part.PIANO) {
            return 0;
        }
        if (!spec.chamber()) {
            throw new IllegalArgumentException("solo tokens exist only in chamber encodings, not " + spec.id());
        }
        return soloBase;
    }

    private int checkKey(int key) {
        if (key < 0 || key >= spec.range()) {
            throw new IllegalArgumentException("key must be 0.." + (spec.range() - 1) + ", got " + key);
        }
        return key;
    }
}
