/**
 * Layer 7, the front door: the command line and YAML config, checked per mode, turned into the typed
 * settings the job takes; {@code Main} switches once on the mode. May import everything.
 */
package io.sparkdrift.cli;
