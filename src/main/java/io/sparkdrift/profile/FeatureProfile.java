package io.sparkdrift.profile;

/** The profile of one feature in one dataset: counts that do not depend on the feature type. */
public sealed interface FeatureProfile extends java.io.Serializable permits NumericProfile, CategoricalProfile {
    String feature();

    FeatureType type();

    /** All rows. */
    long rows();

    /** SQL nulls. */
    long nulls();

    /** NaN values (always 0 for categorical features). */
    long nan();

    /** ±∞ values (always 0 for categorical features). */
    long infinite();

    /** Values that enter the distribution. */
    long comparable();

    /** Share of rows that are null, NaN or ±∞, in [0, 1]; NaN for an empty dataset. */
    default double missingRate() {
        return rows() == 0 ? Double.NaN : (double) (rows() - comparable()) / rows();
    }
}
