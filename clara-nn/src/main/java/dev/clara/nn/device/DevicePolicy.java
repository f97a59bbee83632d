package dev.clara.nn.device;

import java.util.Locale;

/** Where training and inference should run, as configured: {@code auto}, {@code cpu} or {@code gpu}. */
public enum DevicePolicy {
    /** The first GPU when the engine finds one, the CPU otherwise. */
    AUTO,
    /** The CPU, even when a GPU is present. */
    CPU,
    /** A GPU; it is an error to ask for one on a machine without. */
    GPU;

    /** Reads the configuration spelling, case-insensitively. */
    public static DevicePolicy parse(String text) {
        if (text == null || text.isBlank()) {
            return AUTO;
        }
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown device policy '" + text + "': use auto, cpu or gpu", e);
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
