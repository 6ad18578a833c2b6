package io.github.stance4j.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code stance4j} command line: {@code classify}, {@code train}, {@code evaluate},
 * {@code info}, {@code calibrate}, {@code bench} and {@code soak}, a thin layer over the public API.
 * Enum values ({@code --tier}, {@code --architecture}) are accepted in any case. Exit codes: 0
 * success, 2 usage error, 1 any other failure (one line on standard error; the stack trace only
 * with {@code --verbose}).
 */
@Command(name = "stance4j", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Stance classification: support, opposition or conditional toward a target.",
    subcommands = {ClassifyCommand.class, TrainCommand.class, EvaluateCommand.class,
        InfoCommand.class, CalibrateCommand.class, BenchCommand.class, SoakCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

  /** {@code --version}: the build's version, as models record it. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"stance4j " + io.github.stance4j.StanceTrainer.LIBRARY_VERSION};
    }
  }

  @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
      description = "Log progress of the libraries and print stack traces on errors.")
  boolean verbose;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    java.util.List<String> names = new java.util.ArrayList<>(spec.subcommands().keySet());
    names.remove("help");
    String last = names.remove(names.size() - 1);
    throw new CommandLine.ParameterException(spec.commandLine(),
        "missing command: " + String.join(", ", names) + " or " + last);
  }

  /** Runs the command line and returns its exit code. */
  public static int run(String... args) {
    boolean verbose = java.util.Arrays.asList(args).contains("--verbose");
    configureLogging(verbose);
    CommandLine cl = new CommandLine(new Main());
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.getSubcommands().get("train").getCommandSpec().resourceBundle(TrainCommand.helpBundle());
    cl.setParameterExceptionHandler((ex, arguments) -> {
      // one line, as for every other failure, and where to read more (not the whole usage text)
      PrintWriter err = ex.getCommandLine().getErr();
      String msg = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
      err.println("stance4j: " + firstLine(msg) + " (see '"
          + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
      err.flush();
      return 2;
    });
    cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
      PrintWriter err = cmd.getErr();
      if (verbose) {
        ex.printStackTrace(err);
      } else {
        String msg = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
        if (ex instanceof java.nio.file.NoSuchFileException) {
          java.nio.file.NoSuchFileException nsf = (java.nio.file.NoSuchFileException) ex;
          msg = nsf.getFile() + ": " + (nsf.getReason() == null ? "no such file" : nsf.getReason());
        }
        err.println("stance4j: " + firstLine(msg));
      }
      err.flush();
      return ex instanceof IllegalArgumentException && !(ex instanceof io.github.stance4j.StanceDataException) ? 2 : 1;
    });
    return cl.execute(args);
  }

  private static String firstLine(String msg) {
    return msg.lines().findFirst().orElse(msg);
  }

  static void configureLogging(boolean verbose) {
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "info" : "warn");
    }
    System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
    if (!verbose) {
      // javacpp prints loader messages unless told otherwise
      System.setProperty("org.bytedeco.javacpp.logger", "slf4j");
      // ND4J 1.0.0-M2.1 warns about its own op tables whenever a SameDiff graph is built (two
      // "Duplicate TF op mapping" lines, one "No fields found for property labelsSmoothing"):
      // nothing a user can act on, so they show only with --verbose.
      for (String noisy : new String[] {"org.nd4j.imports.converters.ImportClassMapping",
          "org.nd4j.autodiff.functions.DifferentialFunction"}) {
        String key = "org.slf4j.simpleLogger.log." + noisy;
        if (System.getProperty(key) == null) {
          System.setProperty(key, "error");
        }
      }
    }
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }
}
