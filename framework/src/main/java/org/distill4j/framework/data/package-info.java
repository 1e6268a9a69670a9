/**
 * Image-classification data for distill4j runs: Fashion-MNIST and MNIST in the IDX format.
 *
 * <p>The training loop needs three things from this package: {@link org.distill4j.framework.data.DatasetLoader}
 * turns a {@link org.distill4j.framework.data.DatasetRequest} into train/validation/test
 * {@link org.distill4j.framework.data.ImageDataset}s plus their hashes for provenance;
 * {@link org.distill4j.framework.data.EpochBatches} turns a data set into mini-batches; and every
 * failure is a {@link org.distill4j.framework.data.DatasetException} with a one-line message that
 * names the file or the places that were searched.
 *
 * <p>Files are found by {@link org.distill4j.framework.data.DatasetLocator} in a fixed order
 * (explicit {@code dataset.path}, {@code $DISTILL4J_DATA}, {@code ~/.distill4j/data/<name>}, the Debian
 * package folder, then an optional checksummed download) so that a run never depends on which
 * copy happens to be around without saying so.
 */
package org.distill4j.framework.data;
