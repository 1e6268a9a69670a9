/**
 * Thinning: after structured pruning, rebuild the network physically smaller (fewer filters,
 * channels, neurons) with parameters and optimizer state carried over, and train on.
 * {@link org.distill4j.policies.thinning.NetworkThinner} does the surgery; the extensions
 * {@link org.distill4j.policies.thinning.FilterRemover},
 * {@link org.distill4j.policies.thinning.ChannelRemover} and
 * {@link org.distill4j.policies.thinning.NeuronRemover} decide what goes.
 */
package org.distill4j.policies.thinning;
