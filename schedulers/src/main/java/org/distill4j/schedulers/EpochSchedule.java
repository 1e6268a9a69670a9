package org.distill4j.schedulers;

import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * When a policy is active, as Distiller's schedule says: either {@code starting_epoch} (inclusive),
 * {@code ending_epoch} (exclusive) and {@code frequency}, or an explicit list of epochs — never
 * both. {@link #isActive} is the only question anyone asks of it.
 */
public final class EpochSchedule {
    private final SortedSet<Integer> epochs;
    private final String description;

    private EpochSchedule(SortedSet<Integer> epochs, String description) {
        this.epochs = epochs;
        this.description = description;
    }

    /** Active in {@code start, start + frequency, ...} while below {@code end}. */
    public static EpochSchedule range(int start, int end, int frequency) {
        if (start < 0 || end <= start || frequency < 1) {
            throw new IllegalArgumentException("invalid epoch range [" + start + ", " + end + ") every " + frequency);
        }
        SortedSet<Integer> epochs = new TreeSet<>();
        for (int e = start; e < end; e += frequency) {
            epochs.add(e);
        }
        String every = frequency == 1 ? "" : " every " + frequency;
        return new EpochSchedule(epochs, "epochs " + start + ".." + (end - 1) + every);
    }

    /** Active exactly in the given epochs. */
    public static EpochSchedule of(List<Integer> epochList) {
        if (epochList.isEmpty() || epochList.stream().anyMatch(e -> e < 0)) {
            throw new IllegalArgumentException("invalid epoch list " + epochList);
        }
        return new EpochSchedule(new TreeSet<>(epochList), "epochs " + epochList);
    }

    public boolean isActive(int epoch) {
        return epochs.contains(epoch);
    }

    public int firstEpoch() {
        return epochs.first();
    }

    public int lastEpoch() {
        return epochs.last();
    }

    /** All active epochs, ascending. */
    public SortedSet<Integer> epochs() {
        return epochs;
    }

    @Override
    public String toString() {
        return description;
    }
}
