package io.sparkdrift.exact.core;

import java.lang.ref.SoftReference;
import java.util.function.IntFunction;

/**
 * Work arrays of the exact-mode tasks, kept per thread and reused by the next task the thread runs:
 * an x-task sorts about a million values, and allocating its sort buffers anew each time made the
 * garbage collector run as often as the tasks sort. Held softly, so memory pressure frees them; per
 * thread, two long and four double arrays of the largest task side's size plus a quarter (about
 * 5 MB each at half a million values). The arrays' contents are garbage on return.
 */
final class ThreadScratch {
    private static final ThreadLocal<SoftReference<long[][]>> LONGS = new ThreadLocal<>();
    private static final ThreadLocal<SoftReference<double[][]>> DOUBLES = new ThreadLocal<>();

    private ThreadScratch() {
    }

    /** {@code count} long arrays of at least {@code size} elements, this thread's own. */
    static long[][] longs(int count, int size) {
        return get(LONGS, count, size, n -> new long[n][], n -> new long[n], a -> a.length);
    }

    /** {@code count} double arrays of at least {@code size} elements, this thread's own. */
    static double[][] doubles(int count, int size) {
        return get(DOUBLES, count, size, n -> new double[n][], n -> new double[n], a -> a.length);
    }

    private static <A> A[] get(ThreadLocal<SoftReference<A[]>> local, int count, int size, IntFunction<A[]> arrays,
            IntFunction<A> array, java.util.function.ToIntFunction<A> length) {
        SoftReference<A[]> held = local.get();
        A[] s = held == null ? null : held.get();
        if (s == null || s.length < count || length.applyAsInt(s[0]) < size) {
            int n = (int) Math.min(Integer.MAX_VALUE - 16, size + (size >> 2)); // room for the next task's few more
            s = arrays.apply(Math.max(count, s == null ? 0 : s.length));
            for (int i = 0; i < s.length; i++) {
                s[i] = array.apply(n);
            }
            local.set(new SoftReference<>(s));
        }
        return s;
    }
}
