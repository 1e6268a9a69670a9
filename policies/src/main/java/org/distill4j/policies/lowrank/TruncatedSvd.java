package org.distill4j.policies.lowrank;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The singular value decomposition {@code A = U·diag(s)·Vᵀ} of a matrix {@code [m, n]}, computed in
 * double precision with LAPACK's {@code gesvd} ({@code Nd4j.linalg().svd} fails in ND4J M2.1).
 */
public final class TruncatedSvd {
    private final INDArray u;      // [m, m], 'f'
    private final double[] s;      // min(m, n), descending
    private final INDArray vt;     // [n, n], 'f'

    private TruncatedSvd(INDArray u, double[] s, INDArray vt) {
        this.u = u;
        this.s = s;
        this.vt = vt;
    }

    public static TruncatedSvd of(INDArray matrix) {
        if (matrix.rank() != 2) {
            throw new IllegalArgumentException("SVD needs a matrix, got shape " + java.util.Arrays.toString(matrix.shape()));
        }
        long m = matrix.rows();
        long n = matrix.columns();
        INDArray a = matrix.castTo(DataType.DOUBLE).dup('f');
        INDArray s = Nd4j.create(DataType.DOUBLE, new long[] {Math.min(m, n)}, 'f');
        INDArray u = Nd4j.create(DataType.DOUBLE, new long[] {m, m}, 'f');
        INDArray vt = Nd4j.create(DataType.DOUBLE, new long[] {n, n}, 'f');
        Nd4j.getBlasWrapper().lapack().gesvd(a, s, u, vt);
        return new TruncatedSvd(u, s.toDoubleVector(), vt);
    }

    /** The singular values, descending. */
    public double[] singularValues() {
        return s.clone();
    }

    /** The fraction of the sum of squared singular values that the first {@code rank} keep. */
    public double energy(int rank) {
        double total = 0;
        double kept = 0;
        for (int i = 0; i < s.length; i++) {
            total += s[i] * s[i];
            if (i < rank) {
                kept += s[i] * s[i];
            }
        }
        return total == 0 ? 1 : kept / total;
    }

    /** {@code U_r·diag(√s_r)}: {@code [m, rank]}, the input-side factor. */
    public INDArray left(int rank, DataType type) {
        INDArray ur = u.get(NDArrayIndex.all(), NDArrayIndex.interval(0, rank)).dup('f');
        return ur.mulRowVector(sqrtS(rank)).castTo(type);
    }

    /** {@code diag(√s_r)·V_rᵀ}: {@code [rank, n]}, the output-side factor. */
    public INDArray right(int rank, DataType type) {
        INDArray vr = vt.get(NDArrayIndex.interval(0, rank), NDArrayIndex.all()).dup('f');
        return vr.mulColumnVector(sqrtS(rank).reshape(rank, 1)).castTo(type);
    }

    private INDArray sqrtS(int rank) {
        double[] root = new double[rank];
        for (int i = 0; i < rank; i++) {
            root[i] = Math.sqrt(s[i]);
        }
        return Nd4j.createFromArray(root);
    }
}
