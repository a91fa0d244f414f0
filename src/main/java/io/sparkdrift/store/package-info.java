/**
 * Layer 5, the Parquet tables read and written on the driver: stored profiles, the results and
 * profiles tables, the results table appended with dynamic partition overwrite. May import
 * {@code scan} (path checks), {@code run}, {@code compare}, {@code profile} and {@code math}.
 */
package io.sparkdrift.store;
