package org.distill4j.policies.quantization;

/** How post-training calibration turns observed activations into a range (Distiller's {@code ClipMode}). */
public enum ClipMode {
    /** The minimum and maximum over all calibration batches. */
    NONE,
    /** The average over batches of each batch's minimum and maximum (clips rare outliers). */
    AVG,
    /** Mean ± n standard deviations (averaged over batches), within the observed range. */
    N_STD
}
