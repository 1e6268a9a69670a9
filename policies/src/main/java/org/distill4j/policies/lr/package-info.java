/**
 * Built-in learning-rate schedules (recipe section {@code lr_schedulers}), named after and
 * computing the closed forms of their PyTorch counterparts, as Distiller uses them.
 */
package org.distill4j.policies.lr;
