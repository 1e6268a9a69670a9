/**
 * Network surgery: rebuild a {@link org.deeplearning4j.nn.multilayer.MultiLayerNetwork} with some
 * layers replaced by a sequence of new layers (low-rank factorization today; structured pruning
 * and thinning later), keeping everything else of the network as it was.
 *
 * <p>{@link org.distill4j.policies.surgery.MultiLayerSurgery} builds the new configuration (the
 * untouched layers' configurations, updater, seed, data type, iteration and epoch counts, input
 * preprocessors re-indexed), copies the untouched layers' parameters bit for bit, sets the new
 * layers' parameters, and carries the optimizer state of every parameter that still exists
 * ({@link org.distill4j.policies.surgery.UpdaterStates}).
 */
package org.distill4j.policies.surgery;
