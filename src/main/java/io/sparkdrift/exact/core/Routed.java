package io.sparkdrift.exact.core;

import java.io.Serializable;

/**
 * A record bound for one reduce partition of the exact computation: what the Spark shell turns
 * into a shuffle record (key = partition). The core never sees Spark's types.
 *
 * @param partition the x-task (first shuffle) or u-slice task (second shuffle)
 * @param value an {@link ExactBlock}, a {@link PartialSum} or an {@link ExactPairing.Piece}
 */
public record Routed<T extends Serializable>(int partition, T value) implements Serializable {
}
