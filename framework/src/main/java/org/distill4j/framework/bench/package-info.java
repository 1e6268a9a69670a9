/**
 * {@code distill bench}: training and inference throughput of the zoo models, a bare DL4J fit loop
 * beside distill4j's step with and without a pruner, variants interleaved chunk by chunk in one
 * run so that a shared machine's load hits them all alike; medians of the timed chunks.
 */
package org.distill4j.framework.bench;
