package io.sparkdrift.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Set;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Which columns a Parquet read widens, and that the declared types come back (the runs: {@code WidenedColumnsTest}). */
class ParquetWideningTest {
    @Test
    void onlyDataColumnsAreWidenedAndTheDeclaredTypesComeBack() {
        StructType inferred = new StructType().add("qty", DataTypes.IntegerType).add("amount", DataTypes.FloatType)
                .add("code", DataTypes.ShortType).add("flag", DataTypes.ByteType).add("score", DataTypes.DoubleType)
                .add("name", DataTypes.StringType).add("dt", DataTypes.IntegerType);
        StructType wide = ParquetWidening.widened(inferred, Set.of("dt"));
        assertEquals(new StructType().add("qty", DataTypes.LongType).add("amount", DataTypes.DoubleType)
                .add("code", DataTypes.LongType).add("flag", DataTypes.LongType).add("score", DataTypes.DoubleType)
                .add("name", DataTypes.StringType).add("dt", DataTypes.IntegerType).simpleString(), wide.simpleString());
        assertEquals(inferred.simpleString(), ParquetWidening.declared(wide).simpleString());
        assertEquals(inferred, ParquetWidening.declared(wide), "no metadata left behind");
        assertNull(ParquetWidening.widened(new StructType().add("score", DataTypes.DoubleType).add("dt", DataTypes.IntegerType),
                Set.of("dt")), "nothing to widen: read as inferred");
    }

}
