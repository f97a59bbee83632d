package dev.clara.nn.model;

import ai.djl.ndarray.NDArray;

/**
 * What one forward pass of {@link AwdLstmLanguageModel} returns.
 *
 * @param logits [batch, time, vocabulary], unnormalised next-token scores
 * @param state the recurrent state after the last time step
 * @param rawOutput [batch, time, embedding], the last LSTM layer's output before output dropout,
 *     for temporal activation regularisation
 * @param droppedOutput the same after output dropout, for activation regularisation; equal to
 *     {@code rawOutput} in evaluation
 */
public record LanguageModelOutput(NDArray logits, RecurrentState state, NDArray rawOutput, NDArray droppedOutput) {}
