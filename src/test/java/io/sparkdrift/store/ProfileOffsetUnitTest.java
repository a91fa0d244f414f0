package io.sparkdrift.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdrift.math.BinnedSample;
import io.sparkdrift.profile.NumericAccumulator;
import io.sparkdrift.profile.NumericBinning;
import io.sparkdrift.profile.NumericProfile;
import java.time.LocalDate;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.junit.jupiter.api.Test;

/**
 * A stored profile keeps the unit its offset sums are in ({@code bin_offset_unit}), so a feature near
 * 1e−300 keeps its spread through its stored row, and a row written before that column existed is
 * read in the unit it was written in (1 unless an edge exceeded 2^480): its mean stays its mean.
 */
class ProfileOffsetUnitTest {

    private static NumericProfile tinyProfile() {
        Random rnd = new Random(9);
        double[] edges = new double[41];
        for (int i = 0; i < edges.length; i++) {
            edges[i] = (i - 20) * 1e-301;
        }
        NumericAccumulator a = new NumericAccumulator(new NumericBinning(edges, new int[] {0, 20, 40}, false));
        for (int i = 0; i < 10_000; i++) {
            a.add((5 + rnd.nextGaussian()) * 1e-301);
        }
        return a.snapshot("tiny");
    }

    /** The profile's stored row, with its schema, as a reader gets it. */
    private static Row row(NumericProfile p) {
        Row r = ProfileRows.toRow(p, "reference", "run", LocalDate.of(2026, 12, 1), "double", null, null);
        Object[] values = new Object[r.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = r.get(i);
        }
        return new GenericRowWithSchema(values, ProfileRows.SCHEMA);
    }

    @Test
    void aProfileNear1eMinus300KeepsItsSpreadThroughItsStoredRow() {
        NumericProfile p = tinyProfile();
        assertTrue(p.std() > 5e-302 && p.std() < 2e-301, "std " + p.std());
        Row r = row(p);
        assertEquals(Math.getExponent(p.sample().scale()), r.<Integer>getAs("bin_offset_unit"));
        NumericProfile back = (NumericProfile) ProfileRows.fromRow(r);
        assertEquals(p.std(), back.std(), 0.0);
        assertEquals(p.sample().mean(), back.sample().mean(), 0.0);
    }

    @Test
    void aRowWrittenBeforeTheUnitColumnIsReadInTheUnitItWasWrittenIn() {
        NumericProfile p = tinyProfile();
        Row r = row(p);
        Object[] values = new Object[ProfileRows.SCHEMA.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = r.get(i);
        }
        // as an earlier version wrote it: no unit column, offsets in feature units (the edges' scale was 1 here)
        double scale = p.sample().scale();
        double[] sums = p.sample().offsetSums();
        double[] squares = p.sample().offsetSquares();
        for (int b = 0; b < sums.length; b++) {
            sums[b] = sums[b] * scale;
            squares[b] = squares[b] * scale * scale; // about 1e-600: 0, as such rows held
        }
        values[ProfileRows.SCHEMA.fieldIndex("bin_offset_unit")] = null;
        values[ProfileRows.SCHEMA.fieldIndex("bin_offset_sum")] = new scala.collection.mutable.ArraySeq.ofDouble(sums);
        values[ProfileRows.SCHEMA.fieldIndex("bin_offset_square_sum")] = new scala.collection.mutable.ArraySeq.ofDouble(squares);
        NumericProfile old = (NumericProfile) ProfileRows.fromRow(new GenericRowWithSchema(values, ProfileRows.SCHEMA));
        assertEquals(1, old.sample().mean() / p.sample().mean(), 1e-12, "the mean of a row in the earlier unit");
        assertEquals(BinnedSample.scaleFor(p.sample().edges()), old.sample().scale(), 0.0);
        // beyond ±2^480 the earlier unit was the edges' scale already: nothing to convert
        assertEquals(ProfileRows.legacyUnit(new double[] {1e300}), Math.getExponent(BinnedSample.scaleFor(new double[] {1e300})));
        assertEquals(0, ProfileRows.legacyUnit(new double[] {1e-300}));
    }
}
