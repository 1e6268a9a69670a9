/**
 * The epoch scheduler ({@link org.distill4j.schedulers.CompressionScheduler}, its DL4J listener),
 * schedules ({@link org.distill4j.schedulers.EpochSchedule}), the registry that turns a recipe's
 * {@code class:} names into policies ({@link org.distill4j.schedulers.PolicyRegistry}) and the
 * schedule's text rendering ({@link org.distill4j.schedulers.Timeline}).
 */
package org.distill4j.schedulers;
