package dev.clara.music.encoding;

import java.util.Objects;

/**
 * Everything needed to turn a piece into tokens and back; saved next to every trained model and carried by every
 * {@code EncodedPiece}. Its {@link #id()} names it everywhere (Kafka keys, model store, CLI):
 * {@code <scheme>-sf<sampleFreq>-r<range>[-l<lowest>][-chamber]}, for example {@code notewise-sf12-r62},
 * {@code chordwise-sf4-r62}, {@code notewise-sf12-r38-l45}, {@code notewise-sf12-r62-chamber}. The {@code -l} part
 * appears only when the lowest key is not the default 33.
 *
 * @param scheme     notewise or chordwise
 * @param sampleFreq time steps per quarter note, ≥ 1
 * @param range      number of keys, 12..128 (at least an octave, so that folding by octaves always lands in range)
 * @param lowest     MIDI pitch of key index 0; {@code lowest + range} must not exceed 128
 * @param chamber    whether the solo part is encoded ({@code v} tokens) or everything is piano
 */
public record EncodingSpec(Scheme scheme, int sampleFreq, int range, int lowest, boolean chamber) {

    /** Clara's default range: 62 keys ... */
    public static final int DEFAULT_RANGE = 62;
    /** ... from MIDI 33 (A1). */
    public static final int DEFAULT_LOWEST = 33;

    /** {@code notewise-sf12-r62}: Clara's default. */
    public static final EncodingSpec NOTEWISE = of(Scheme.NOTEWISE);
    /** {@code chordwise-sf4-r62}. */
    public static final EncodingSpec CHORDWISE = of(Scheme.CHORDWISE);
    /** {@code notewise-sf12-r62-chamber}. */
    public static final EncodingSpec NOTEWISE_CHAMBER = NOTEWISE.withChamber(true);
    /** {@code chordwise-sf4-r62-chamber}. */
    public static final EncodingSpec CHORDWISE_CHAMBER = CHORDWISE.withChamber(true);

    private static final String ID_SHAPE = "expected <scheme>-sf<steps per quarter>-r<range>[-l<lowest>][-chamber] "
            + "with scheme notewise or chordwise, e.g. notewise-sf12-r62 or chordwise-sf4-r38-l45-chamber";

    public EncodingSpec {
        Objects.requireNonNull(scheme, "scheme");
        if (sampleFreq < 1) {
            throw new IllegalArgumentException("sampleFreq must be >= 1, got " + sampleFreq);
        }
        if (range < 12 || range > 128) {
            throw new IllegalArgumentException("range must be 12..128 keys, got " + range);
        }
        if (lowest < 0 || lowest + range > 128) {
            throw new IllegalArgumentException(
                    "keys " + lowest + ".." + (lowest + range - 1) + " do not fit MIDI pitches 0..127");
        }
    }

    /** The defaults of a scheme: its sample frequency, 62 keys from 33, piano only. */
    public static EncodingSpec of(Scheme scheme) {
        return new EncodingSpec(scheme, scheme.defaultSampleFreq(), DEFAULT_RANGE, DEFAULT_LOWEST, false);
    }

    /** Parses an id produced by {@link #id()}; exactly the canonical spelling is accepted. */
    public static EncodingSpec parse(String id) {
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("bad encoding id '': it is empty; " + ID_SHAPE);
        }
        String[] parts = id.split("-", -1);
        if (parts.length < 3 || parts.length > 5) {
            throw bad(id, "it has " + parts.length + " dash-separated parts");
        }
        Scheme scheme = switch (parts[0]) {
            case "notewise" -> Scheme.NOTEWISE;
            case "chordwise" -> Scheme.CHORDWISE;
            default -> throw bad(id, "unknown scheme '" + parts[0] + "'");
        };
        int sampleFreq = number(id, parts[1], "sf");
        int range = number(id, parts[2], "r");
        int lowest = DEFAULT_LOWEST;
        boolean chamber = false;
        int next = 3;
        if (next < parts.length && parts[next].startsWith("l")) {
            lowest = number(id, parts[next], "l");
            if (lowest == DEFAULT_LOWEST) {
                throw bad(id, "the default lowest key 33 is written without an -l part");
            }
            next++;
        }
        if (next < parts.length && parts[next].equals("chamber")) {
            chamber = true;
            next++;
        }
        if (next != parts.length) {
            throw bad(id, "unexpected part '" + parts[next] + "'");
        }
        try {
            return new EncodingSpec(scheme, sampleFreq, range, lowest, chamber);
        } catch (IllegalArgumentException e) {
            throw bad(id, e.getMessage());
        }
    }

    /** The canonical id, e.g. {@code notewise-sf12-r62} or {@code chordwise-sf4-r38-l45-chamber}. */
    public String id() {
        StringBuilder id = new StringBuilder(32).append(scheme.idName())
                .append("-sf").append(sampleFreq)
                .append("-r").append(range);
        if (lowest != DEFAULT_LOWEST) {
            id.append("-l").append(lowest);
        }
        if (chamber) {
            id.append("-chamber");
        }
        return id.toString();
    }

    /** The longest notewise wait token: two quarter notes. */
    public int maxWait() {
        return 2 * sampleFreq;
    }

    /** One past the highest encodable MIDI pitch. */
    public int highestExclusive() {
        return lowest + range;
    }

    /** The key index of a pitch after folding it into range by octaves. */
    public int keyOf(int pitch) {
        int p = pitch;
        while (p < lowest) {
            p += 12;
        }
        while (p >= lowest + range) {
            p -= 12;
        }
        return p - lowest;
    }

    /** The MIDI pitch of a key index. */
    public int pitchOf(int key) {
        return lowest + key;
    }

    public EncodingSpec withChamber(boolean newChamber) {
        return new EncodingSpec(scheme, sampleFreq, range, lowest, newChamber);
    }

    public EncodingSpec withSampleFreq(int newSampleFreq) {
        return new EncodingSpec(scheme, newSampleFreq, range, lowest, chamber);
    }

    public EncodingSpec withRange(int newRange, int newLowest) {
        return new EncodingSpec(scheme, sampleFreq, newRange, newLowest, chamber);
    }

    @Override
    public String toString() {
        return id();
    }

    private static int number(String id, String part, String prefix) {
        if (!part.startsWith(prefix) || part.length() == prefix.length()) {
            throw bad(id, "expected '" + prefix + "<number>', found '" + part + "'");
        }
        String digits = part.substring(prefix.length());
        if (digits.length() > 9 || (digits.length() > 1 && digits.charAt(0) == '0')) {
            throw bad(id, "'" + part + "' is not a canonical number");
        }
        int value = 0;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                throw bad(id, "'" + part + "' is not '" + prefix + "' followed by digits");
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static IllegalArgumentException bad(String id, String why) {
        return new IllegalArgumentException("bad encoding id '" + id + "': " + why + "; " + ID_SHAPE);
    }
}
