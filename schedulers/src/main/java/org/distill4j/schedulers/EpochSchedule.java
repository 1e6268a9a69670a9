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

    /**
     * The same schedule without the epochs from {@code epochs} on (a run shortened by
     * {@code --set training.epochs}); it may then be active in no epoch at all.
     */
    public EpochSchedule cutAt(int epochs) {
        SortedSet<Integer> kept = new TreeSet<>(this.epochs.headSet(epochs));
        String cut = " (cut at epoch " + epochs + ")";
        return new EpochSchedule(kept, kept.isEmpty() ? "never" + cut : "epochs " + kept + cut);
    }

    public boolean isActive(int epoch) {
        return epochs.contains(epoch);
    }

    /** The first active epoch; -1 when the schedule was cut to nothing. */
    public int firstEpoch() {
        return epochs.isEmpty() ? -1 : epochs.first();
    }

    /** The last active epoch; -1 when the schedule was cut to nothing. */
    public int lastEpoch() {
        return epochs.isEmpty() ? -1 : epochs.last();
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
