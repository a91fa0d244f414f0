/**
 * Layer 7, the settings' front door: raw settings by key (what a YAML config file, the command line
 * and the code API's {@code option(key, value)} all produce), checked per mode and turned into the
 * typed settings the job takes, every bad value a one-line error naming the setting.
 */
package io.sparkdrift.settings;
