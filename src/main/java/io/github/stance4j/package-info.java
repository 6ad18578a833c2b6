/**
 * stance4j: embedded stance classification.
 *
 * <p>The public API lives in this package. {@link io.github.stance4j.StanceClassifier} labels the
 * stance of a statement toward a target ({@code support}, {@code opposition}, {@code conditional} or
 * {@code none} for the bundled models); {@link io.github.stance4j.StanceClassifier#loadDefault()}
 * returns the bundled accurate-tier model (fine-tuned MiniLM) and
 * {@code loadDefault(Tier.FAST)} the bundled fast one, so classification needs no set-up:
 *
 * <pre>{@code
 * StanceClassifier classifier = StanceClassifier.loadDefault();
 * StancePrediction p = classifier.classify("Moscow will respond if Finland joins, the envoy warned.");
 * p.label();          // opposition
 * p.confidence();     // its probability
 * p.probabilities();  // every label with its probability
 * }</pre>
 *
 * <p>To retrain on your own labelled data, read a {@link io.github.stance4j.StanceDataset} from CSV
 * (columns {@code statement}, {@code target}, {@code label}), choose a
 * {@link io.github.stance4j.TrainingConfig} and call {@link io.github.stance4j.StanceTrainer#train};
 * measure with {@link io.github.stance4j.StanceClassifier#evaluate} or
 * {@link io.github.stance4j.StanceTrainer#crossValidate}, and save with
 * {@link io.github.stance4j.StanceClassifier#save(java.nio.file.Path)}.
 *
 * <p>Error policy: caller mistakes throw {@link java.lang.IllegalArgumentException} with the
 * offending value ({@link io.github.stance4j.StanceDataException} adds the file and line for data);
 * faults inside the network throw {@link java.lang.IllegalStateException} with the cause; a model
 * file that cannot be read throws the checked {@link io.github.stance4j.ModelFormatException}.
 * {@code null} arguments throw {@link java.lang.NullPointerException} naming the parameter.
 *
 * <p>API stability: the records {@link io.github.stance4j.TrainingConfig},
 * {@link io.github.stance4j.ModelInfo} and {@link io.github.stance4j.TrainingProgress} may gain
 * components in minor releases, so their canonical constructors are not stable API: make a config
 * with {@code TrainingConfig.defaults()} and its {@code with...} methods, and a model info with
 * {@link io.github.stance4j.ModelInfo#builder()}. Their accessors are stable, as are the
 * constructors of the small records {@link io.github.stance4j.StanceExample} and
 * {@link io.github.stance4j.CrossValidationResult}.
 *
 * <p>Sub-packages: {@code text} holds the tokenizer and CSV reader (public, usable on their own);
 * {@code internal} holds the DL4J network, the model file and the inference engine, and is not part
 * of the API; {@code cli} is the command line, built only on this package and {@code text}.
 */
package io.github.stance4j;
