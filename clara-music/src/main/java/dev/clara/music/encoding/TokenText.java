package dev.clara.music.encoding;

import java.util.ArrayList;
import java.util.List;

/** The text form of a token stream: tokens joined by single spaces, as carried in {@code EncodedPiece.token_text}. */
public final class TokenText {

    private TokenText() {
    }

    public static String join(List<String> tokens) {
        int length = Math.max(0, tokens.size() - 1);
        for (String token : tokens) {
            length += token.length();
        }
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < tokens.size(); i++) {
            if (i > 0) {
                text.append(' ');
            }
            text.append(tokens.get(i));
        }
        return text.toString();
    }

    /** Splits on any run of whitespace; leading and trailing whitespace yield no empty tokens. */
    public static List<String> split(String text) {
        List<String> tokens = new ArrayList<>(text.length() / 4 + 1);
        int i = 0;
        int n = text.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i > start) {
                tokens.add(text.substring(start, i));
            }
        }
        return tokens;
    }
}
