/**
 * The {@code stance4j} command line ({@code target/stance4j-cli.jar}): a thin layer over the public
 * API. Not part of the library API.
 */
package io.github.stance4j.cli;
