/**
 * Text handling shared by training and classification: {@link io.github.stance4j.text.StanceTokenizer}
 * (normalisation and tokenizing, with a written contract) and {@link io.github.stance4j.text.CsvTable}
 * (the strict RFC 4180 reader behind {@link io.github.stance4j.StanceDataset} and the CLI). Both are
 * immutable and thread-safe.
 */
package io.github.stance4j.text;
