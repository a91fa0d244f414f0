/**
 * Layer 9, the command line: parses the arguments and the config file into settings, switches once
 * on the mode and runs it through the code API ({@code io.sparkdrift.api}) or the job; exit codes.
 */
package io.sparkdrift.cli;
