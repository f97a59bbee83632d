package dev.clara.proto;

/** A Kafka record whose value is not the event its topic carries; its message is the reason for the dead letter. */
public class InvalidEventException extends Exception {
    public InvalidEventException(String reason) {
        super(reason);
    }
}
