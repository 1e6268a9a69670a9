package org.distill4j.policies.config;

import java.util.Collection;
import java.util.Optional;

/** Finds the nearest valid choice for a misspelt name (Levenshtein distance). */
public final class Suggestions {
    private Suggestions() {
    }

    /**
     * The closest candidate, if any is close enough to be a plausible typo. A candidate that
     * extends what was written ({@code lenet300} → {@code lenet300_100}) wins over a merely
     * shorter edit distance.
     */
    public static Optional<String> nearest(String wrong, Collection<String> candidates) {
        String lower = wrong.toLowerCase();
        Optional<String> extension = candidates.stream()
                .filter(c -> !lower.isEmpty() && c.toLowerCase().startsWith(lower))
                .min(java.util.Comparator.comparingInt(String::length));
        if (extension.isPresent()) {
            return extension;
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int d = distance(wrong.toLowerCase(), candidate.toLowerCase());
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        int allowed = Math.max(2, Math.max(wrong.length(), best.length()) / 2);
        return bestDistance <= allowed ? Optional.of(best) : Optional.empty();
    }

    /** " (did you mean 'x'?)" or, with no near candidate, " (valid: a, b, c)"; empty when there are none. */
    public static String hint(String wrong, Collection<String> candidates) {
        if (candidates.isEmpty()) {
            return "";
        }
        return nearest(wrong, candidates)
                .map(n -> " (did you mean '" + n + "'?)")
                .orElseGet(() -> " (valid: " + String.join(", ", candidates) + ")");
    }

    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }
}
