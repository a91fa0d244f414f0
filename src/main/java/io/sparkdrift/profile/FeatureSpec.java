package io.sparkdrift.profile;

import java.io.Serializable;

/** A feature to profile: its column name and how it is compared. */
public record FeatureSpec(String name, FeatureType type) implements Serializable {
}
