package org.distill4j.framework.training;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * The number of threads ND4J's native ops and BLAS use.
 *
 * <p>The default is 1: on this project's 2-core machines one thread trained LeNet-300-100 2–4×
 * faster than two, and two threads collapse under any competing load (see the README's
 * benchmark). ND4J reads {@code OMP_NUM_THREADS} only at start-up, so this sets the count
 * through all three of its run-time switches.
 */
public final class NativeThreads {
    public static final int DEFAULT = 1;

    private NativeThreads() {
    }

    public static void set(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        Nd4j.getExecutioner(); // loads the backend first: NativeOpsHolder reads properties it sets
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxThreads(threads);
    }
}
