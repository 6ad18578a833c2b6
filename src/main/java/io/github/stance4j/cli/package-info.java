/**
 * The {@code stance4j} command line ({@code target/stance4j-cli.jar}): a thin layer over the public
 * API (its only internal dependency is the atomic file writer shared with
 * {@code StanceClassifier.save}). Not part of the library API.
 */
package io.github.stance4j.cli;
