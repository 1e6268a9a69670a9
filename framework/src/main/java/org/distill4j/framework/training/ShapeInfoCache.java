package org.distill4j.framework.training;

import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.BaseShapeInfoProvider;
import org.nd4j.linalg.api.ndarray.ShapeInfoProvider;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Shares one shape-information buffer between all arrays of the same shape, strides, order and type.
 *
 * <p>ND4J 1.0.0-M2.1's native provider ({@code DirectShapeInfoProvider}) caches only one of its two
 * entry points; every {@code INDArray} constructor takes the other one, so each new array, view and
 * reshape allocated a fresh off-heap shape buffer through JavaCPP (malloc, deallocator registration,
 * a physical-memory check) and later freed it. Profiling a LeNet-300-100 training step put about a
 * tenth of its time there. Shape buffers are immutable once built ({@code setConstant(true)}), which is
 * what lets ND4J's own cache share them too.
 *
 * <p>The cache holds at most {@link #MAX_ENTRIES} shapes (a training run uses a few hundred); beyond that
 * new shapes are built uncached, as before.
 */
public final class ShapeInfoCache extends BaseShapeInfoProvider {
    static final int MAX_ENTRIES = 20_000;
    private static final Object INSTALL_LOCK = new Object();
    /** ND4J's own provider, remembered by the first {@link #install()}. */
    private static ShapeInfoProvider nd4jProvider;

    private final Map<Key, Pair<DataBuffer, long[]>> cache = new ConcurrentHashMap<>();

    /** Makes ND4J use the cache (idempotent; arrays created before keep their buffers). */
    public static void install() {
        synchronized (INSTALL_LOCK) {
            if (Nd4j.getShapeInfoProvider() instanceof ShapeInfoCache) {
                return;
            }
            nd4jProvider = Nd4j.getShapeInfoProvider();
            setProvider(new ShapeInfoCache());
        }
    }

    /** Whether ND4J currently uses this cache. */
    public static boolean installed() {
        return Nd4j.getShapeInfoProvider() instanceof ShapeInfoCache;
    }

    /**
     * Runs {@code work} with ND4J's own provider, then puts the cache back: for benchmarks that compare
     * against DL4J as it ships. Not for concurrent use: every thread sees the swap.
     */
    public static <T> T withoutCache(Supplier<T> work) {
        synchronized (INSTALL_LOCK) {
            if (!installed()) {
                return work.get();
            }
            ShapeInfoProvider cache = Nd4j.getShapeInfoProvider();
            setProvider(nd4jProvider);
            try {
                return work.get();
            } finally {
                setProvider(cache);
            }
        }
    }

    private static void setProvider(ShapeInfoProvider provider) {
        Nd4j.getExecutioner(); // initialises the backend, which sets the provider we replace
        try {
            Field field = Nd4j.class.getDeclaredField("shapeInfoProvider");
            field.setAccessible(true);
            field.set(null, provider);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot replace ND4J's shape info provider (ND4J version changed?)", e);
        }
    }

    @Override
    public Pair<DataBuffer, long[]> createShapeInformation(long[] shape, long[] stride, long elementWiseStride,
                                                           char order, DataType dataType, boolean empty) {
        Key key = new Key(shape, stride, elementWiseStride, order, dataType.ordinal(), empty ? 1 : 0);
        Pair<DataBuffer, long[]> cached = cache.get(key);
        if (cached != null) {
            return cached;
        }
        Pair<DataBuffer, long[]> built = super.createShapeInformation(shape, stride, elementWiseStride, order, dataType, empty);
        return remember(key, built);
    }

    @Override
    public Pair<DataBuffer, long[]> createShapeInformation(long[] shape, long[] stride, long elementWiseStride,
                                                           char order, long extras) {
        if (elementWiseStride < 0) {
            elementWiseStride = 0; // as ND4J's DirectShapeInfoProvider does on this path
        }
        Key key = new Key(shape, stride, elementWiseStride, order, extras, 2);
        Pair<DataBuffer, long[]> cached = cache.get(key);
        if (cached != null) {
            return cached;
        }
        Pair<DataBuffer, long[]> built = super.createShapeInformation(shape, stride, elementWiseStride, order, extras);
        return remember(key, built);
    }

    /** Forgets every cached shape (ND4J calls this when it resets its caches). */
    @Override
    public void purgeCache() {
        cache.clear();
    }

    int size() {
        return cache.size();
    }

    private Pair<DataBuffer, long[]> remember(Key key, Pair<DataBuffer, long[]> built) {
        if (cache.size() >= MAX_ENTRIES) {
            return built;
        }
        Pair<DataBuffer, long[]> earlier = cache.putIfAbsent(key.copy(), built);
        return earlier != null ? earlier : built;
    }

    /** Everything the shape buffer is built from; {@code kind} keeps the two entry points' keys apart. */
    private static final class Key {
        private final long[] shape;
        private final long[] stride;
        private final long ews;
        private final char order;
        private final long type;
        private final int kind;
        private final int hash;

        Key(long[] shape, long[] stride, long ews, char order, long type, int kind) {
            this.shape = shape;
            this.stride = stride;
            this.ews = ews;
            this.order = order;
            this.type = type;
            this.kind = kind;
            int h = Arrays.hashCode(shape);
            h = 31 * h + Arrays.hashCode(stride);
            h = 31 * h + Long.hashCode(ews);
            h = 31 * h + order;
            h = 31 * h + Long.hashCode(type);
            this.hash = 31 * h + kind;
        }

        /** A key that owns its arrays: lookups wrap the caller's arrays, stored keys must not. */
        Key copy() {
            return new Key(shape.clone(), stride.clone(), ews, order, type, kind);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && hash == k.hash && ews == k.ews && order == k.order && type == k.type
                    && kind == k.kind && Arrays.equals(shape, k.shape) && Arrays.equals(stride, k.stride);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
