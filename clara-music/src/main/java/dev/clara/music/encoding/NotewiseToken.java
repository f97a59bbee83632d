package dev.clara.music.encoding;

import dev.clara.music.Part;

/**
 * One notewise token taken apart: {@code p<i>}/{@code v<i>} start key i of the piano/solo part, {@code endp<i>}/
 * {@code endv<i>} end it, {@code wait<n>} advances n steps. Parsing is purely syntactic (no regex, no allocation
 * beyond the record); whether the token belongs to a given encoding is {@link #fits(EncodingSpec)}.
 *
 * <p>Numbers are decimal without sign or leading zeros, so each token has exactly one spelling.
 *
 * @param kind  what the token does
 * @param part  the part of a START or END, null otherwise
 * @param key   the key index of a START or END, -1 otherwise
 * @param steps the steps of a WAIT, 0 otherwise
 */
public record NotewiseToken(Kind kind, Part part, int key, int steps) {

    /** What a token does. */
    public enum Kind { START, END, WAIT, UNKNOWN }

    /** The result for anything that is not a notewise token. */
    public static final NotewiseToken UNKNOWN = new NotewiseToken(Kind.UNKNOWN, null, -1, 0);

    public static NotewiseToken start(Part part, int key) {
        return new NotewiseToken(Kind.START, part, key, 0);
    }

    public static NotewiseToken end(Part part, int key) {
        return new NotewiseToken(Kind.END, part, key, 0);
    }

    public static NotewiseToken waitSteps(int steps) {
        return new NotewiseToken(Kind.WAIT, null, -1, steps);
    }

    /** Parses one token; anything unrecognised is {@link #UNKNOWN}, never an exception. */
    public static NotewiseToken parse(String token) {
        if (token == null || token.isEmpty()) {
            return UNKNOWN;
        }
        char first = token.charAt(0);
        if (first == 'p' || first == 'v') {
            int key = number(token, 1);
            return key < 0 ? UNKNOWN : start(first == 'p' ? Part.PIANO : Part.SOLO, key);
        }
        if (token.startsWith("end") && token.length() > 3) {
            char part = token.charAt(3);
            if (part != 'p' && part != 'v') {
                return UNKNOWN;
            }
            int key = number(token, 4);
            return key < 0 ? UNKNOWN : end(part == 'p' ? Part.PIANO : Part.SOLO, key);
        }
        if (token.startsWith("wait")) {
            int steps = number(token, 4);
            return steps < 1 ? UNKNOWN : waitSteps(steps);
        }
        return UNKNOWN;
    }

    /** Whether this token is in the vocabulary of {@code spec}: key in range, solo only in chamber, wait ≤ 2·sf. */
    public boolean fits(EncodingSpec spec) {
        return switch (kind) {
            case START, END -> key < spec.range() && (part == Part.PIANO || spec.chamber());
            case WAIT -> steps <= spec.maxWait();
            case UNKNOWN -> false;
        };
    }

    /** The token's text. */
    public String text() {
        return switch (kind) {
            case START -> (part == Part.PIANO ? "p" : "v") + key;
            case END -> (part == Part.PIANO ? "endp" : "endv") + key;
            case WAIT -> "wait" + steps;
            case UNKNOWN -> "<unknown>";
        };
    }

    /** The canonical decimal number at {@code from} to the end of the token, or -1. */
    private static int number(String token, int from) {
        int length = token.length() - from;
        if (length < 1 || length > 9 || (length > 1 && token.charAt(from) == '0')) {
            return -1;
        }
        int value = 0;
        for (int i = from; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
