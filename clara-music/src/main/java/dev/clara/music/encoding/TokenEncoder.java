package dev.clara.music.encoding;

import dev.clara.music.MidiFormatException;
import dev.clara.music.Piece;

import java.util.List;

/**
 * Turns pieces into token streams and token streams (including malformed model output) back into pieces.
 * Implementations are immutable and thread-safe.
 */
public interface TokenEncoder {

    /** The encoder of a spec, with the default token limit. */
    static TokenEncoder forSpec(EncodingSpec spec) {
        return forSpec(spec, GridEncoder.DEFAULT_MAX_TOKENS);
    }

    /** The encoder of a spec refusing pieces of more than {@code maxTokens} tokens. */
    static TokenEncoder forSpec(EncodingSpec spec, int maxTokens) {
        return switch (spec.scheme()) {
            case NOTEWISE -> new NotewiseEncoder(spec, maxTokens, NotewiseEncoder.DEFAULT_MAX_OPEN_QUARTERS);
            case CHORDWISE -> new ChordwiseEncoder(spec, maxTokens);
        };
    }

    EncodingSpec spec();

    /**
     * Encodes a piece.
     *
     * @throws MidiFormatException {@link dev.clara.music.ErrorCode#TOO_MANY_TOKENS} when the piece would exceed the
     *                             token limit; decided before the token list is built
     */
    List<String> encode(Piece piece) throws MidiFormatException;

    /** Decodes any token sequence; never throws on its content. The piece has no title and a constant tempo. */
    DecodeResult decodeWithStats(List<String> tokens, double tempoBpm);

    /** Decodes any token sequence; see {@link #decodeWithStats}. */
    default Piece decode(List<String> tokens, double tempoBpm) {
        return decodeWithStats(tokens, tempoBpm).piece();
    }

    /** The exact number of tokens {@link #encode} would produce, without building them. */
    long countTokens(Piece piece);
}
