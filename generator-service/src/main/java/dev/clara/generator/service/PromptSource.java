package dev.clara.generator.service;

/** Where a request's prompt comes from. */
public sealed interface PromptSource {

    /** A MIDI file, encoded with the model's own encoding. */
    record Midi(byte[] bytes) implements PromptSource {
    }

    /** Token text in the model's encoding. */
    record Tokens(String text) implements PromptSource {
    }

    /** A random excerpt of the corpus (each sample its own), from the test split or the training split. */
    record Corpus(boolean testSplit) implements PromptSource {
    }
}
