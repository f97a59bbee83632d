package dev.clara.encoder.service;

import dev.clara.music.Piece;
import dev.clara.music.encoding.EncodingSpec;
import java.util.List;

/** A piece in one encoding: the tokens and the piece they came from (for its statistics). */
public record EncodedForm(EncodingSpec spec, List<String> tokens, Piece piece) {
}
