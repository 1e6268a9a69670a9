package org.distill4j.policies.quantization;

/** How weights become integers. */
public enum WeightScheme {
    /** Range-based linear quantization ({@link QuantMode}), per tensor or per output channel. */
    LINEAR,
    /**
     * DoReFa-Net (Zhou et al. 2016): {@code k > 1}: {@code w_q = 2·round_k(tanh(w) / (2·max|tanh(w)|) + ½) − 1};
     * {@code k = 1}: {@code w_q = sign(w) · E|w|}.
     */
    DOREFA,
    /**
     * Ternary weight networks (Li et al. 2016): {@code Δ = 0.7 · E|w|},
     * {@code w_q = α · sign(w) · [|w| > Δ]} with {@code α = E[|w| : |w| > Δ]} (per output channel with
     * {@code per_channel_wts}). 0.7 is TWN's closed-form approximation of the optimal threshold for
     * Gaussian/uniform weights.
     */
    TERNARY
}
