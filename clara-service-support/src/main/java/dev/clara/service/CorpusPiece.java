package dev.clara.service;

import java.util.List;

/** One piece of the training corpus as clara.tokens holds it. */
public record CorpusPiece(String pieceId, String composer, boolean test, List<String> tokens) {
}
