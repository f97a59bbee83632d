package dev.clara.music.encoding;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Deterministic train/test split by piece: the piece id alone decides, through the first 53 bits of its SHA-256 read
 * as a fraction in [0, 1). The same id lands on the same side on every machine and in every run, whatever else is
 * in the corpus; and since transposition happens later, in token space, all twelve keys of a piece share its side,
 * so no test piece is a transposition of a training piece.
 */
public final class PieceSplit {

    /** One piece in ten is held out, as in Clara. */
    public static final double DEFAULT_TEST_FRACTION = 0.1;

    private static final PieceSplit DEFAULT = new PieceSplit(DEFAULT_TEST_FRACTION);

    private final double testFraction;

    public PieceSplit(double testFraction) {
        if (!(testFraction >= 0 && testFraction <= 1)) {
            throw new IllegalArgumentException("test fraction must be within [0, 1], got " + testFraction);
        }
        this.testFraction = testFraction;
    }

    /** The split with the default test fraction. */
    public static PieceSplit standard() {
        return DEFAULT;
    }

    /** The side of a piece under the default test fraction. */
    public static Split of(String pieceId) {
        return DEFAULT.splitOf(pieceId);
    }

    public double testFraction() {
        return testFraction;
    }

    public Split splitOf(String pieceId) {
        return unitHash(pieceId) < testFraction ? Split.TEST : Split.TRAIN;
    }

    /** The id's position in [0, 1): the first 53 bits of SHA-256(UTF-8 id) over 2^53. */
    public static double unitHash(String pieceId) {
        if (pieceId == null) {
            throw new IllegalArgumentException("piece id must not be null");
        }
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(pieceId.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
        long bits = 0;
        for (int i = 0; i < 8; i++) {
            bits = bits << 8 | (digest[i] & 0xFF);
        }
        return (bits >>> 11) * 0x1.0p-53;
    }
}
