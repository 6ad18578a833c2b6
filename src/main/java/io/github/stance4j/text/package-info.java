/**
 * Text handling shared by training and classification: {@link io.github.stance4j.text.StanceTokenizer}
 * (normalisation and tokenizing, with a written contract), {@link io.github.stance4j.text.WordPieceTokenizer}
 * (a Java re-implementation of the HuggingFace BERT WordPiece pipeline, used with the bundled
 * all-MiniLM-L6-v2 vocabulary) and {@link io.github.stance4j.text.CsvTable} (the strict RFC 4180 reader
 * behind {@link io.github.stance4j.StanceDataset} and the CLI). All are immutable and thread-safe.
 */
package io.github.stance4j.text;
