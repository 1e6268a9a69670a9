package org.distill4j.schedulers;

import java.util.ArrayList;
import java.util.List;

/**
 * Renders a schedule as text: one row per scheduled entry ({@code kind instance (Class)}), one
 * column per epoch, {@code #} where the entry is active and {@code .} where it is not. Epoch numbers
 * are written vertically above the columns (a tens row over a units row past 10 epochs). This is
 * what {@code distill validate RECIPE} prints.
 *
 * <pre>
 *                                               1
 *                              epoch  0123456789012
 * pruner fc (AutomatedGradualPruner)  ########.....  epochs 0..7
 * lr_scheduler lr (StepLR)            #############  epochs 0..12
 * </pre>
 */
public final class Timeline {
    private Timeline() {
    }

    public static String render(List<ScheduledPolicy> policies, int epochs) {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
        }
        List<String> labels = new ArrayList<>();
        for (ScheduledPolicy p : policies) {
            labels.add(p.kind() + " " + p.instanceName() + " (" + p.policy().getClass().getSimpleName() + ")");
        }
        int width = Math.max("epoch".length(), labels.stream().mapToInt(String::length).max().orElse(0));
        int digits = String.valueOf(epochs - 1).length();
        StringBuilder out = new StringBuilder();
        for (int d = digits - 1; d >= 0; d--) {
            String label = d == 0 ? "epoch" : "";
            out.append(pad(label, width)).append("  ");
            int divisor = (int) Math.pow(10, d);
            for (int e = 0; e < epochs; e++) {
                // leading zeros are left blank: epoch 7 shows only in the units row
                out.append(e >= divisor || d == 0 ? Character.forDigit(e / divisor % 10, 10) : ' ');
            }
            out.append('\n');
        }
        for (int i = 0; i < policies.size(); i++) {
            ScheduledPolicy p = policies.get(i);
            out.append(labels.get(i)).append(" ".repeat(width - labels.get(i).length())).append("  ");
            for (int e = 0; e < epochs; e++) {
                out.append(p.schedule().isActive(e) ? '#' : '.');
            }
            out.append("  ").append(p.schedule()).append('\n');
        }
        return out.toString();
    }

    private static String pad(String s, int width) {
        return " ".repeat(width - s.length()) + s;
    }
}
