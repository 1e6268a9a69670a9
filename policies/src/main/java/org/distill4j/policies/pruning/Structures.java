package org.distill4j.policies.pruning;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Norms and masks of the structures of a weight tensor ({@link StructureType}), computed on Java
 * arrays (the tensors are small and this runs once per epoch).
 */
public final class Structures {
    private Structures() {
    }

    /** Checks that {@code weight} has the rank {@code type} needs; the message names the weight. */
    public static void check(String name, INDArray weight, StructureType type) {
        if (weight.rank() != type.weightRank()) {
            throw new IllegalArgumentException(name + " has shape " + Arrays.toString(weight.shape()) + ": group type "
                    + type + " needs a " + (type.weightRank() == 4 ? "convolution weight [nOut, nIn, kH, kW]"
                    : "dense weight [nIn, nOut]"));
        }
    }

    /** How many structures of {@code type} the weight has. */
    public static int count(INDArray weight, StructureType type) {
        return (int) weight.size(type.dimension());
    }

    /**
     * The norm of each structure: {@code p = 1} the mean absolute value, {@code p = 2} the root
     * mean square (Distiller ranks by L1/L2 norms; dividing by the constant structure size changes
     * no ranking and makes thresholds comparable across layers).
     */
    public static double[] norms(INDArray weight, StructureType type, int p) {
        long[] shape = weight.shape();
        float[] v = weight.dup('c').reshape('c', new long[] {weight.length()}).toFloatVector();
        int groups = count(weight, type);
        double[] sums = new double[groups];
        int[] sizes = new int[groups];
        long inner = 1;
        for (int d = type.dimension() + 1; d < shape.length; d++) {
            inner *= shape[d];
        }
        for (int i = 0; i < v.length; i++) {
            int g = (int) ((i / inner) % shape[type.dimension()]);
            double a = Math.abs(v[i]);
            sums[g] += p == 1 ? a : a * a;
            sizes[g]++;
        }
        for (int g = 0; g < groups; g++) {
            sums[g] = p == 1 ? sums[g] / sizes[g] : Math.sqrt(sums[g] / sizes[g]);
        }
        return sums;
    }

    /**
     * Which structures to prune: the {@code count} with the smallest norms (ties broken by index,
     * lower first), as a boolean per structure.
     */
    public static boolean[] smallest(double[] norms, int count) {
        Integer[] order = IntStream.range(0, norms.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> norms[i]).thenComparingInt(i -> i));
        boolean[] pruned = new boolean[norms.length];
        for (int i = 0; i < Math.min(count, norms.length); i++) {
            pruned[order[i]] = true;
        }
        return pruned;
    }

    /** A FLOAT mask of the weight's shape and ordering: 0 on every pruned structure, 1 elsewhere. */
    public static INDArray mask(INDArray weight, StructureType type, boolean[] pruned) {
        long[] shape = weight.shape();
        long inner = 1;
        for (int d = type.dimension() + 1; d < shape.length; d++) {
            inner *= shape[d];
        }
        float[] m = new float[(int) weight.length()];
        for (int i = 0; i < m.length; i++) {
            m[i] = pruned[(int) ((i / inner) % shape[type.dimension()])] ? 0f : 1f;
        }
        return Nd4j.create(m, shape, 'c').dup(weight.ordering());
    }

    /** A FLOAT mask for a bias vector (any shape with {@code pruned.length} elements): 0 where pruned. */
    public static INDArray biasMask(INDArray bias, boolean[] pruned) {
        float[] m = new float[pruned.length];
        for (int i = 0; i < m.length; i++) {
            m[i] = pruned[i] ? 0f : 1f;
        }
        return Nd4j.create(m, bias.shape(), bias.ordering());
    }

    /** Indices of the structures whose elements are all exactly zero. */
    public static boolean[] zero(INDArray weight, StructureType type) {
        double[] n = norms(weight, type, 1);
        boolean[] z = new boolean[n.length];
        for (int i = 0; i < n.length; i++) {
            z[i] = n[i] == 0.0;
        }
        return z;
    }
}
