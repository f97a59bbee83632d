package dev.clara.service;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * The model a service serves now, swappable without a restart: requests lease the current model and keep it for
 * as long as they need it; a swap makes the new model current at once and closes the old one when its last lease
 * ends. So a new version never fails a request in flight, and no model is closed under a running request.
 *
 * @param <T> the loaded model
 */
public final class HotSwapModel<T> {
    private final Consumer<T> closer;
    private Slot<T> current;

    /** @param closer releases a model's resources once nothing uses it (native memory, for DJL models) */
    public HotSwapModel(Consumer<T> closer) {
        this.closer = closer;
    }

    /** Makes {@code model} current; the previous one is closed once its leases end. */
    public void swap(String version, T model) {
        Slot<T> old;
        synchronized (this) {
            old = current;
            current = new Slot<>(version, model);
            current.leases = 1; // the holder's own reference
        }
        if (old != null) {
            release(old);
        }
    }

    /** The version served now, if any. */
    public synchronized Optional<String> version() {
        return current == null ? Optional.empty() : Optional.of(current.version);
    }

    /** Leases the current model; empty when none is loaded yet. Close the lease when done. */
    public Optional<Lease<T>> lease() {
        synchronized (this) {
            if (current == null) {
                return Optional.empty();
            }
            current.leases++;
            Slot<T> slot = current;
            return Optional.of(new Lease<>(slot, this));
        }
    }

    /** Closes the current model (at shutdown); leases still open keep theirs until they end. */
    public void clear() {
        Slot<T> old;
        synchronized (this) {
            old = current;
            current = null;
        }
        if (old != null) {
            release(old);
        }
    }

    private void release(Slot<T> slot) {
        boolean close;
        synchronized (this) {
            slot.leases--;
            close = slot.leases == 0;
        }
        if (close) {
            closer.accept(slot.model);
        }
    }

    private static final class Slot<T> {
        final String version;
        final T model;
        int leases;

        Slot(String version, T model) {
            this.version = version;
            this.model = model;
        }
    }

    /** A model in use; closing the lease lets a swapped-out model go. */
    public static final class Lease<T> implements AutoCloseable {
        private final Slot<T> slot;
        private final HotSwapModel<T> owner;
        private boolean closed;

        private Lease(Slot<T> slot, HotSwapModel<T> owner) {
            this.slot = slot;
            this.owner = owner;
        }

        public T model() {
            return slot.model;
        }

        public String version() {
            return slot.version;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                owner.release(slot);
            }
        }
    }
}
