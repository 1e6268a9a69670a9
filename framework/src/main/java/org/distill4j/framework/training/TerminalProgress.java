package org.distill4j.framework.training;

import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A live progress bar per epoch (me.tongfei:progressbar) with the running loss. */
public final class TerminalProgress implements EpochProgress {
    private ProgressBar bar;
    private double lossSum;
    private int steps;

    /** A bar when standard output is a terminal, else nothing (the loop logs one line per epoch anyway). */
    public static EpochProgress forConsole() {
        return System.console() != null ? new TerminalProgress() : EpochProgress.NONE;
    }

    @Override
    public void start(int epoch, int epochs, int minibatches) {
        lossSum = 0;
        steps = 0;
        bar = new ProgressBarBuilder()
                .setTaskName(String.format(Locale.ROOT, "epoch %d/%d", epoch + 1, epochs))
                .setInitialMax(minibatches)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(250)
                .continuousUpdate()
                .build();
    }

    @Override
    public void step(double loss) {
        lossSum += loss;
        steps++;
        bar.step();
        if (steps % 20 == 0) {
            bar.setExtraMessage(String.format(Locale.ROOT, "loss %.4f", lossSum / steps));
        }
    }

    @Override
    public void end() {
        bar.close();
    }
}
